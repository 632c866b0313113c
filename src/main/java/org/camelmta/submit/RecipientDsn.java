package org.camelmta.submit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the sender asked about one recipient (RFC 3461 §4.1–4.2): the NOTIFY keywords and the
 * original recipient address.
 *
 * @param notifyKeywords    the NOTIFY keywords; empty when the sender gave none (the MTA
 *                          then decides: failures are reported, and camel-mta, like Exim,
 *                          also sends delay warnings); {@code {NEVER}} or a subset of
 *                          {SUCCESS, FAILURE, DELAY}
 * @param originalRecipient the ORCPT, or null when none was given
 */
public record RecipientDsn(Set<Notify> notifyKeywords, OriginalRecipient originalRecipient) {

    /** Nothing asked: no NOTIFY, no ORCPT. */
    public static final RecipientDsn NONE = new RecipientDsn(Set.of(), null);

    public RecipientDsn {
        notifyKeywords = Notify.checked(notifyKeywords == null ? Set.of() : notifyKeywords);
    }

    /** From the parameter values of a RCPT command (each may be null when absent). */
    public static RecipientDsn parse(String notifyValue, String orcptParameter) {
        Set<Notify> notify = notifyValue == null ? Set.of() : Notify.parseList(notifyValue);
        OriginalRecipient orcpt = orcptParameter == null ? null : OriginalRecipient.fromParameter(orcptParameter);
        return new RecipientDsn(notify, orcpt);
    }

    /**
     * From RCPT parameters as {@link #toRcptParameters()} writes them ({@code NOTIFY=…},
     * {@code ORCPT=…}); other parameters are ignored, a DSN parameter given twice is refused.
     */
    public static RecipientDsn fromRcptParameters(Collection<String> parameters) {
        String notify = null;
        String orcpt = null;
        for (String p : parameters) {
            String upper = p.toUpperCase(Locale.ROOT);
            if (upper.startsWith("NOTIFY=")) {
                notify = once("NOTIFY", notify, p.substring(7));
            } else if (upper.startsWith("ORCPT=")) {
                orcpt = once("ORCPT", orcpt, p.substring(6));
            }
        }
        return parse(notify, orcpt);
    }

    /**
     * The RCPT TO parameters that carry this request to a server that advertised DSN, e.g.
     * {@code [NOTIFY=SUCCESS,FAILURE, ORCPT=rfc822;alice@example.com]}; empty when nothing
     * was asked. The values are xtext, so they can contain no space, CR or LF.
     */
    public List<String> toRcptParameters() {
        List<String> params = new ArrayList<>(2);
        if (!notifyKeywords.isEmpty()) {
            params.add("NOTIFY=" + Notify.format(notifyKeywords));
        }
        if (originalRecipient != null) {
            params.add("ORCPT=" + originalRecipient.toParameter());
        }
        return params;
    }

    /** Whether the sender gave a NOTIFY parameter at all. */
    public boolean notifySpecified() {
        return !notifyKeywords.isEmpty();
    }

    /** Whether NOTIFY names this keyword. */
    public boolean asks(Notify keyword) {
        return notifyKeywords.contains(keyword);
    }

    public RecipientDsn withOriginalRecipient(OriginalRecipient orcpt) {
        return new RecipientDsn(notifyKeywords, orcpt);
    }

    static String once(String name, String previous, String value) {
        if (previous != null) {
            throw new DsnSyntaxException(name + " given twice");
        }
        return value;
    }
}
