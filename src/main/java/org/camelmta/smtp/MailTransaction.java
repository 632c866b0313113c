package org.camelmta.smtp;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;

/**
 * One message for one set of recipients, as an SMTP transaction carries it.
 *
 * @param sender              MAIL FROM
 * @param recipients          RCPT TO, in order
 * @param content             the RFC 5322 message, any line ends; it is normalised to CRLF and
 *                            dot-stuffed on the way out
 * @param dsnMailParameters   RFC 3461 MAIL parameters ({@code RET=HDRS}, {@code ENVID=...}), sent
 *                            only to servers that advertise DSN
 * @param dsnRcptParameters   RFC 3461 RCPT parameters per recipient ({@code NOTIFY=...},
 *                            {@code ORCPT=...}), likewise
 */
public record MailTransaction(ReversePath sender, List<MailAddress> recipients, byte[] content,
                              List<String> dsnMailParameters, Map<MailAddress, List<String>> dsnRcptParameters) {

    // keyword["=" value], value being xtext: printable ASCII but '=' and space (RFC 3461 §4)
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*(=[\\x21-\\x3C\\x3E-\\x7E]+)?");

    public MailTransaction {
        recipients = List.copyOf(recipients);
        dsnMailParameters = List.copyOf(dsnMailParameters);
        dsnRcptParameters = Map.copyOf(dsnRcptParameters);
        dsnMailParameters.forEach(MailTransaction::checkParameter);
        dsnRcptParameters.values().forEach(list -> list.forEach(MailTransaction::checkParameter));
    }

    public MailTransaction(ReversePath sender, List<MailAddress> recipients, byte[] content) {
        this(sender, recipients, content, List.of(), Map.of());
    }

    /** The same message for other recipients (the rest after a recipient limit, say). */
    public MailTransaction withRecipients(List<MailAddress> others) {
        return new MailTransaction(sender, others, content, dsnMailParameters, dsnRcptParameters);
    }

    /** Whether an address in the envelope needs an SMTPUTF8 server (RFC 6531). */
    public boolean requiresSmtpUtf8() {
        if (!sender.isNull() && sender.mailbox().requiresSmtpUtf8()) {
            return true;
        }
        for (MailAddress r : recipients) {
            if (r.requiresSmtpUtf8()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the header section has octets above 127: UTF-8 header fields (RFC 6532), which
     * only a server that agreed to SMTPUTF8 may be sent (RFC 6531 §3.4); an 8-bit body alone
     * needs only 8BITMIME.
     */
    public boolean hasUtf8Headers() {
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b < 0) {
                return true;
            }
            if (b == '\n' && (i + 1 == content.length || content[i + 1] == '\n'
                    || (content[i + 1] == '\r' && i + 2 < content.length && content[i + 2] == '\n'))) {
                return false; // the blank line ending the header section
            }
        }
        return false;
    }

    /** Whether the content has octets above 127 (needs BODY=8BITMIME). */
    public boolean isEightBit() {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static void checkParameter(String p) {
        if (!PARAMETER.matcher(p).matches()) {
            throw new IllegalArgumentException("not an ESMTP parameter: " + p.replaceAll("\\p{Cntrl}", "?"));
        }
    }
}
