package org.camelmta.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camelmta.dns.Hop;
import org.camelmta.retry.RecipientDecision;
import org.camelmta.retry.RecipientOutcome;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.submit.Envelope;

/** Makes the events of one delivery attempt, or of a refused submission. */
public final class EventFactory {

    private EventFactory() {
    }

    /** One event per recipient outcome. */
    public static List<DeliveryEvent> of(Envelope envelope, List<RecipientOutcome> outcomes, int attempt, Instant now) {
        List<DeliveryEvent> events = new ArrayList<>(outcomes.size());
        for (RecipientOutcome o : outcomes) {
            RecipientDecision d = o.decision();
            RecipientResult r = o.result();
            Hop hop = r == null ? null : r.hop();
            SmtpReply reply = d.reply();
            events.add(new DeliveryEvent(
                    d.outcome().name().toLowerCase(Locale.ROOT),
                    envelope.id(),
                    envelope.messageId(),
                    envelope.sender().toString(),
                    d.recipient().toString(),
                    d.recipient().domain(),
                    hop == null ? null : hop.host(),
                    hop == null ? null : hop.address().getHostAddress(),
                    r == null || r.sourceIp() == null ? null : r.sourceIp().getHostAddress(),
                    reply.code(),
                    reply.enhancedStatus().isEmpty() ? null : reply.enhancedStatus(),
                    reply.toString(),
                    attempt,
                    d.outcome() == RecipientDecision.Outcome.DEFERRED && d.nextAttempt() != null ? iso(d.nextAttempt()) : null,
                    iso(now)));
        }
        return events;
    }

    /**
     * The event for a submission refused into {@code mta.invalid}: one per recipient that could
     * be read, or a single one with an empty recipient.
     */
    public static List<DeliveryEvent> invalid(String id, String messageId, String sender, List<String> recipients,
                                              String reason, Instant now) {
        List<String> who = recipients.isEmpty() ? List.of("") : recipients;
        List<DeliveryEvent> events = new ArrayList<>(who.size());
        for (String recipient : who) {
            int at = recipient.lastIndexOf('@');
            events.add(new DeliveryEvent("invalid", id, messageId, sender, recipient,
                    at < 0 ? "" : recipient.substring(at + 1).toLowerCase(Locale.ROOT),
                    null, null, null, 554, "5.6.0", "554 5.6.0 " + reason, 0, null, iso(now)));
        }
        return events;
    }

    static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
