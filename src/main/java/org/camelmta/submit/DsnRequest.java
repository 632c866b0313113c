package org.camelmta.submit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the submitter asked for in the way of delivery status notifications (RFC 3461): RET
 * and ENVID for the message, NOTIFY and ORCPT for each recipient.
 *
 * @param ret        what a failure notice returns; null when not asked (camel-mta then
 *                   returns the full message, within the size limit)
 * @param envelopeId the ENVID, decoded from xtext; null when none was given
 * @param recipients the per-recipient requests; recipients not in the map asked nothing
 */
public record DsnRequest(Ret ret, String envelopeId, Map<MailAddress, RecipientDsn> recipients) {

    /** RFC 3461 §4.4: the ENVID, as written in the command, is at most 100 characters. */
    public static final int MAX_ENVID_LENGTH = 100;

    /** Nothing asked. */
    public static final DsnRequest NONE = new DsnRequest(null, null, Map.of());

    public DsnRequest {
        if (envelopeId != null) {
            checkEnvelopeId(envelopeId);
        }
        recipients = recipients == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(recipients));
    }

    /** From the parameter values of a MAIL command (each may be null when absent). */
    public static DsnRequest parse(String retValue, String envidXtext) {
        Ret ret = retValue == null ? null : Ret.parse(retValue);
        if (envidXtext != null && envidXtext.length() > MAX_ENVID_LENGTH) {
            throw new DsnSyntaxException("ENVID is longer than " + MAX_ENVID_LENGTH + " characters");
        }
        String envid = envidXtext == null ? null : Xtext.decode(envidXtext);
        return new DsnRequest(ret, envid, Map.of());
    }

    /**
     * From MAIL parameters as {@link #toMailParameters()} writes them ({@code RET=…},
     * {@code ENVID=…}); other parameters are ignored, a DSN parameter given twice is refused.
     */
    public static DsnRequest fromMailParameters(Collection<String> parameters) {
        String ret = null;
        String envid = null;
        for (String p : parameters) {
            String upper = p.toUpperCase(Locale.ROOT);
            if (upper.startsWith("RET=")) {
                ret = RecipientDsn.once("RET", ret, p.substring(4));
            } else if (upper.startsWith("ENVID=")) {
                envid = RecipientDsn.once("ENVID", envid, p.substring(6));
            }
        }
        return parse(ret, envid);
    }

    /**
     * The MAIL FROM parameters that carry this request to a server that advertised DSN, e.g.
     * {@code [RET=HDRS, ENVID=QQ314159]}; empty when nothing was asked. The ENVID is xtext, so
     * it can contain no space, CR or LF.
     */
    public List<String> toMailParameters() {
        List<String> params = new ArrayList<>(2);
        if (ret != null) {
            params.add("RET=" + ret.name());
        }
        if (envelopeId != null) {
            params.add("ENVID=" + Xtext.encode(envelopeId));
        }
        return params;
    }

    /** What was asked about this recipient; {@link RecipientDsn#NONE} when nothing. */
    public RecipientDsn forRecipient(MailAddress recipient) {
        return recipients.getOrDefault(recipient, RecipientDsn.NONE);
    }

    /** This request with one recipient's request added (or replaced). */
    public DsnRequest withRecipient(MailAddress recipient, RecipientDsn request) {
        Map<MailAddress, RecipientDsn> copy = new LinkedHashMap<>(recipients);
        copy.put(recipient, request);
        return new DsnRequest(ret, envelopeId, copy);
    }

    /** RET as a failure notice applies it: FULL unless HDRS was asked. */
    public Ret effectiveRet() {
        return ret == null ? Ret.FULL : ret;
    }

    // RFC 3461 §4.4: printable US-ASCII, at most 100 characters once written as xtext.
    private static void checkEnvelopeId(String envid) {
        if (envid.isEmpty()) {
            throw new DsnSyntaxException("ENVID is empty");
        }
        for (int i = 0; i < envid.length(); i++) {
            char c = envid.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new DsnSyntaxException("ENVID must be printable ASCII (no control characters, CR or LF)");
            }
        }
        if (Xtext.encode(envid).length() > MAX_ENVID_LENGTH) {
            throw new DsnSyntaxException("ENVID is longer than " + MAX_ENVID_LENGTH + " characters as xtext");
        }
    }
}
