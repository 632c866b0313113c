package org.camelmta.dsn;

import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.OriginalRecipient;
import java.net.IDN;
import java.time.Instant;
import java.util.regex.Pattern;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;

/**
 * What a notice says about one recipient: the per-recipient block of a
 * {@code message/delivery-status} part (RFC 3464 §2.3) and the line of the human-readable part.
 * Every text field is checked to be printable ASCII, so no value can start a field of its own.
 *
 * @param finalRecipient    the recipient the attempt was made for ({@code Final-Recipient})
 * @param originalRecipient the ORCPT the sender gave ({@code Original-Recipient}); null when
 *                          none (the builder fills it in from the {@link DsnRequest})
 * @param action            {@code Action}
 * @param status            {@code Status}, an RFC 3463 code {@code x.y.z} whose class fits the action
 * @param remoteMta         the host that gave the reply ({@code Remote-MTA: dns; host}); null
 *                          when no server replied (DNS failure, refused connection, timeout)
 * @param diagnosticCode    the {@code Diagnostic-Code} value, {@code smtp; 550 5.1.1 ...} for a
 *                          server's reply, {@code X-camel-mta; ...} for one made locally; or null
 * @param lastAttemptDate   {@code Last-Attempt-Date}; null when unknown
 * @param willRetryUntil    {@code Will-Retry-Until}, for {@link DsnAction#DELAYED} only; or null
 * @param phase             the SMTP phase the reply answered, for the human-readable part
 *                          ("in reply to RCPT TO command"); null when not from a server
 */
public record RecipientStatus(MailAddress finalRecipient, OriginalRecipient originalRecipient, DsnAction action,
                              String status, String remoteMta, String diagnosticCode, Instant lastAttemptDate,
                              Instant willRetryUntil, Phase phase) {

    /** The diagnostic type camel-mta uses for failures decided on its own side. */
    public static final String LOCAL_DIAGNOSTIC_TYPE = "X-camel-mta";

    // A reply of many long lines would make a field no reader wants; RFC 5321 lines are 512.
    private static final int MAX_DIAGNOSTIC_TEXT = 2000;
    private static final int MAX_WORD = 900;
    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");
    private static final Pattern DIAGNOSTIC = Pattern.compile("[A-Za-z0-9-]+; [\\x20-\\x7e]*");

    public RecipientStatus {
        if (finalRecipient == null || action == null) {
            throw new IllegalArgumentException("a recipient status needs a recipient and an action");
        }
        if (status == null || !STATUS.matcher(status).matches()) {
            throw new IllegalArgumentException("status must be an RFC 3463 code x.y.z, not " + status);
        }
        if (!action.allowsStatusClass(status.charAt(0))) {
            throw new IllegalArgumentException("status " + status + " does not fit action " + action.fieldValue());
        }
        if (remoteMta != null && !HOST.matcher(remoteMta).matches()) {
            throw new IllegalArgumentException("remote MTA must be an ASCII host name or address literal");
        }
        if (diagnosticCode != null && !DIAGNOSTIC.matcher(diagnosticCode).matches()) {
            throw new IllegalArgumentException("diagnostic code must be 'type; printable ASCII text'");
        }
        if (willRetryUntil != null && action != DsnAction.DELAYED) {
            throw new IllegalArgumentException("Will-Retry-Until belongs to delayed recipients only");
        }
    }

    /** The status of a recipient from its delivery result (the host it was decided at becomes Remote-MTA). */
    public static RecipientStatus of(DsnAction action, RecipientResult result, Instant lastAttempt) {
        String host = result.hop() == null ? null : result.hop().host();
        return of(action, result.recipient(), result.reply(), result.cause(), result.phase(), host, lastAttempt);
    }

    /**
     * The status of a recipient from the reply that decided it, for callers that keep the parts
     * rather than a {@link RecipientResult} (the retry stage keeps the last error of an expired
     * recipient as a reply line).
     *
     * @param reply      the deciding reply; null when there is none (the status is then the
     *                   action's generic code and there is no diagnostic)
     * @param cause      {@link Cause#REPLY} when a server sent the reply; anything else means
     *                   camel-mta made it, and no Remote-MTA is reported
     * @param remoteHost the host the reply came from; ignored unless the cause is a reply
     */
    public static RecipientStatus of(DsnAction action, MailAddress recipient, SmtpReply reply, Cause cause,
                                     Phase phase, String remoteHost, Instant lastAttempt) {
        boolean fromServer = reply != null && (cause == null || cause == Cause.REPLY);
        String diagnostic = null;
        if (reply != null) {
            diagnostic = (fromServer ? "smtp" : LOCAL_DIAGNOSTIC_TYPE) + "; " + printableAscii(reply.toString());
        }
        String host = fromServer && remoteHost != null ? asciiHost(remoteHost) : null;
        return new RecipientStatus(recipient, null, action, statusFor(action, reply), host, diagnostic, lastAttempt,
                null, fromServer ? phase : null);
    }

    public RecipientStatus withOriginalRecipient(OriginalRecipient orcpt) {
        return new RecipientStatus(finalRecipient, orcpt, action, status, remoteMta, diagnosticCode, lastAttemptDate,
                willRetryUntil, phase);
    }

    public RecipientStatus withWillRetryUntil(Instant until) {
        return new RecipientStatus(finalRecipient, originalRecipient, action, status, remoteMta, diagnosticCode,
                lastAttemptDate, until, phase);
    }

    /** The {@code Final-Recipient} value: {@code rfc822; bob@example.com}, or the utf-8 type when needed. */
    public String finalRecipientField() {
        return OriginalRecipient.of(finalRecipient).fieldValue();
    }

    /** The diagnostic text without its type: the reply as the server sent it. */
    public String diagnosticText() {
        return diagnosticCode == null ? null : diagnosticCode.substring(diagnosticCode.indexOf("; ") + 2);
    }

    /**
     * The reply's enhanced code when its class fits the action; otherwise the class of the
     * reply code, or the action's own class, with {@code .0.0} (RFC 3463 "other or undefined").
     */
    static String statusFor(DsnAction action, SmtpReply reply) {
        if (reply != null) {
            String enhanced = reply.enhancedStatus();
            if (!enhanced.isEmpty() && action.allowsStatusClass(enhanced.charAt(0))) {
                return enhanced;
            }
            char replyClass = (char) ('0' + reply.code() / 100);
            if (action.allowsStatusClass(replyClass)) {
                return replyClass + ".0.0";
            }
        }
        return switch (action) {
            case FAILED -> "5.0.0";
            case DELAYED -> "4.0.0";
            case DELIVERED, RELAYED, EXPANDED -> "2.0.0";
        };
    }

    // Replies are ASCII by RFC 5321; anything else a server sends is shown as '?' rather than
    // breaking the 7-bit status part, and line breaks can never reach the field. A field is
    // folded at spaces only, so a run of more than MAX_WORD characters without one (longer than
    // any real reply line) gets a space to keep every line within RFC 5322's 998.
    static String printableAscii(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_DIAGNOSTIC_TEXT));
        int run = 0;
        for (int i = 0; i < text.length() && sb.length() < MAX_DIAGNOSTIC_TEXT; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                c = ' ';
            } else if (c > 0x7f) {
                c = '?';
            }
            run = c == ' ' ? 0 : run + 1;
            if (run > MAX_WORD) {
                sb.append(' ');
                run = 1;
            }
            sb.append(c);
        }
        return sb.toString().strip();
    }

    private static String asciiHost(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            String ascii = MailAddress.isAscii(h) ? h : IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
            return HOST.matcher(ascii).matches() ? ascii : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
