package org.camelmta.dsn;

import org.camelmta.submit.Notify;
import org.camelmta.submit.RecipientDsn;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.camelmta.config.Durations;
import org.camelmta.config.Settings;
import org.camelmta.submit.HeaderSection;
import org.camelmta.submit.MailAddress;

/**
 * Decides, for one recipient outcome, whether the sender gets a notice (RFC 3461 §5 and
 * Exim's delay warnings). A pure function of the message, the request and the time.
 *
 * <ul>
 * <li>No notice ever about a message with the null sender, nor about one that is itself a
 *     notice (a delivery or disposition report, or {@code Auto-Submitted: auto-replied}):
 *     answering a notice is how bounce loops start (RFC 5321 §6.1, RFC 3834 §2).</li>
 * <li>Failure: a notice unless NOTIFY was given without FAILURE (NEVER included).</li>
 * <li>Delay: one warning, once the message has waited {@code mta.retry.delay-warning} since
 *     arrival, when NOTIFY names DELAY or was not given. Without NOTIFY, messages Exim's
 *     default {@code delay_warning_condition} spares are spared too: mailing-list mail,
 *     {@code Precedence: bulk/list/junk}, and any {@code Auto-Submitted} other than {@code no}.</li>
 * <li>Success: only when NOTIFY names SUCCESS, and only as {@code relayed} when the receiving
 *     server did not offer DSN. A server that offers DSN receives the NOTIFY parameter and
 *     takes over the duty to report (RFC 3461 §5); a {@code delivered} notice from here too
 *     would reach the sender twice.</li>
 * </ul>
 */
public final class DsnPolicy {

    /** Exim's {@code delay_warning}. */
    public static final String DELAY_WARNING_KEY = "mta.retry.delay-warning";
    public static final Duration DEFAULT_DELAY_WARNING = Duration.ofHours(24);

    private final Duration delayWarning;

    /** @param delayWarning how long after arrival a delay warning is due; zero turns warnings off */
    public DsnPolicy(Duration delayWarning) {
        if (delayWarning == null || delayWarning.isNegative()) {
            throw new IllegalArgumentException("delay warning must be zero (off) or a positive duration");
        }
        this.delayWarning = delayWarning;
    }

    /** Reads {@code mta.retry.delay-warning}: a duration such as {@code 24h}, or {@code 0}/{@code off}. */
    public static DsnPolicy from(Settings settings) {
        String value = settings.get(DELAY_WARNING_KEY, Durations.format(DEFAULT_DELAY_WARNING)).strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("off") || lower.equals("false") || lower.equals("no")) {
            return new DsnPolicy(Duration.ZERO);
        }
        try {
            return new DsnPolicy(Durations.parse(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DELAY_WARNING_KEY + ": " + e.getMessage() + " (or 0/off to disable)");
        }
    }

    public Duration delayWarning() {
        return delayWarning;
    }

    /** When a delay warning about this message becomes due; empty when warnings are off. */
    public Optional<Instant> delayWarningDue(OriginalMessage message) {
        Instant arrival = message.envelope().submittedAt();
        if (delayWarning.isZero() || arrival == null) {
            return Optional.empty();
        }
        return Optional.of(arrival.plus(delayWarning));
    }

    /** A recipient failed for good (a permanent reply, or its retry time ran out). */
    public NotifyDecision onFailure(OriginalMessage message, MailAddress recipient) {
        String loop = loopReason(message);
        if (loop != null) {
            return NotifyDecision.none(loop);
        }
        RecipientDsn request = message.request(recipient);
        if (request.notifySpecified() && !request.asks(Notify.FAILURE)) {
            return NotifyDecision.none("NOTIFY=" + Notify.format(request.notifyKeywords()) + " does not ask for failures");
        }
        return NotifyDecision.notify(DsnAction.FAILED, "delivery failed");
    }

    /**
     * A recipient is still being retried.
     *
     * @param alreadyWarned whether a delay warning about it has been sent (there is one at most)
     */
    public NotifyDecision onDelay(OriginalMessage message, MailAddress recipient, Instant now, boolean alreadyWarned) {
        String loop = loopReason(message);
        if (loop != null) {
            return NotifyDecision.none(loop);
        }
        if (delayWarning.isZero()) {
            return NotifyDecision.none("delay warnings are off");
        }
        RecipientDsn request = message.request(recipient);
        if (request.notifySpecified() && !request.asks(Notify.DELAY)) {
            return NotifyDecision.none("NOTIFY=" + Notify.format(request.notifyKeywords()) + " does not ask for delays");
        }
        if (alreadyWarned) {
            return NotifyDecision.none("already warned");
        }
        Optional<Instant> due = delayWarningDue(message);
        if (due.isEmpty() || now.isBefore(due.get())) {
            return NotifyDecision.none("delayed less than " + Durations.format(delayWarning));
        }
        if (!request.notifySpecified()) {
            String spared = sparedFromWarnings(message.content());
            if (spared != null) {
                return NotifyDecision.none(spared);
            }
        }
        return NotifyDecision.notify(DsnAction.DELAYED, "delayed more than " + Durations.format(delayWarning));
    }

    /**
     * A recipient was accepted by the receiving server.
     *
     * @param serverOfferedDsn whether that server advertised the DSN extension (and so was
     *                         given NOTIFY and ORCPT)
     */
    public NotifyDecision onDelivery(OriginalMessage message, MailAddress recipient, boolean serverOfferedDsn) {
        // NOTIFY first: almost no delivery asks for a success notice, and the loop check parses
        // the message's header section (a few per cent of a delivering thread's time when it
        // was asked first, for every message delivered).
        RecipientDsn request = message.request(recipient);
        if (!request.asks(Notify.SUCCESS)) {
            return NotifyDecision.none("NOTIFY does not ask for success");
        }
        String loop = loopReason(message);
        if (loop != null) {
            return NotifyDecision.none(loop);
        }
        if (serverOfferedDsn) {
            return NotifyDecision.none("the receiving server offers DSN and reports success itself");
        }
        return NotifyDecision.notify(DsnAction.RELAYED, "the receiving server does not offer DSN");
    }

    /**
     * Why no notice may ever be sent about this message, or null when notices may be sent: the
     * null sender, or a message that is itself a notice.
     */
    public static String loopReason(OriginalMessage message) {
        if (message.envelope().sender().isNull()) {
            return "null sender: never a notice about a notice";
        }
        HeaderSection headers = headersOf(message.content());
        if (headers == null) {
            return null;
        }
        String autoSubmitted = headers.first("Auto-Submitted");
        if (autoSubmitted != null && keyword(autoSubmitted).equals("auto-replied")) {
            return "Auto-Submitted: auto-replied";
        }
        String reportType = reportType(headers.first("Content-Type"));
        if (reportType != null && (reportType.equals("delivery-status") || reportType.equals("disposition-notification")
                || reportType.equals("global-delivery-status"))) {
            return "the message is itself a " + reportType + " report";
        }
        return null;
    }

    // Exim's default delay_warning_condition, which applies only when NOTIFY left it to us.
    private static String sparedFromWarnings(byte[] content) {
        HeaderSection headers = headersOf(content);
        if (headers == null) {
            return null;
        }
        if (headers.first("List-Id") != null || headers.first("List-Post") != null
                || headers.first("List-Subscribe") != null) {
            return "mailing-list message";
        }
        String precedence = headers.first("Precedence");
        if (precedence != null && keyword(precedence).matches("bulk|list|junk")) {
            return "Precedence: " + keyword(precedence);
        }
        String autoSubmitted = headers.first("Auto-Submitted");
        if (autoSubmitted != null && !keyword(autoSubmitted).equals("no")) {
            return "Auto-Submitted: " + keyword(autoSubmitted);
        }
        return null;
    }

    private static HeaderSection headersOf(byte[] content) {
        try {
            return HeaderSection.of(content);
        } catch (RuntimeException e) {
            return null; // unreadable headers cannot mark a message as a notice
        }
    }

    // The first word of a structured value, without comments or parameters: "auto-replied (vacation)".
    private static String keyword(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < v.length() && " \t;(".indexOf(v.charAt(end)) < 0) {
            end++;
        }
        return v.substring(0, end);
    }

    private static String reportType(String contentType) {
        if (contentType == null) {
            return null;
        }
        try {
            ContentType ct = new ContentType(contentType);
            if (!ct.match("multipart/report")) {
                return null;
            }
            String type = ct.getParameter("report-type");
            return type == null ? null : type.toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return null;
        }
    }
}
