package org.camelmta.retry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelmta.component.SmtpDeliveryConstants;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.submit.DeliveryHeaders;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.MtaHeaders;

/**
 * The delivery route's outcome step ({@code mtaOutcome}): decides for every recipient of the
 * report whether it was delivered, bounces, or waits, and prepares the message for
 * {@code mta.deferred} with only the recipients still pending.
 */
public class OutcomeProcessor {

    /** Exchange property: the {@code List<RecipientOutcome>} of this attempt. */
    public static final String OUTCOMES = "mtaOutcomes";
    /** Exchange property: true when some recipients were deferred and the message must be parked. */
    public static final String DEFERRED = "mtaDeferred";
    /** Exchange property: which attempt this was, counting from 1. */
    public static final String ATTEMPT = "mtaThisAttempt";

    /** Decides when a temporarily failed recipient is tried again; null means its time is up. */
    @FunctionalInterface
    public interface RetryDecider {
        Instant nextAttempt(Envelope envelope, RecipientResult result, Instant firstFailure, Instant now);
    }

    private final RetryDecider decider;
    private final Clock clock;

    public OutcomeProcessor(RetryDecider decider, Clock clock) {
        this.decider = decider;
        this.clock = clock;
    }

    public void decide(Exchange exchange) {
        Message m = exchange.getMessage();
        DeliveryReport report = m.getHeader(SmtpDeliveryConstants.DELIVERY_REPORT, DeliveryReport.class);
        if (report == null) {
            throw new IllegalStateException("no " + SmtpDeliveryConstants.DELIVERY_REPORT + " header: smtp-delivery must run first");
        }
        Envelope envelope = DeliveryHeaders.read(m);
        int attempt = DeliveryHeaders.attempt(m) + 1;
        Instant now = clock.instant();
        Long first = m.getHeader(MtaHeaders.FIRST_FAILURE, Long.class);
        Instant firstFailure = first == null ? now : Instant.ofEpochMilli(first);

        List<RecipientOutcome> outcomes = new ArrayList<>(report.recipients().size());
        List<MailAddress> deferred = new ArrayList<>();
        Instant earliest = null;
        String lastError = null;
        for (RecipientResult r : report.recipients()) {
            if (r.isDelivered()) {
                outcomes.add(new RecipientOutcome(r, Disposition.DELIVERED, null));
            } else if (r.isPermanentFailure()) {
                outcomes.add(new RecipientOutcome(r, Disposition.BOUNCED, null));
            } else {
                Instant next = decider.nextAttempt(envelope, r, firstFailure, now);
                if (next == null) {
                    outcomes.add(new RecipientOutcome(r, Disposition.EXPIRED, null));
                } else {
                    outcomes.add(new RecipientOutcome(r, Disposition.DEFERRED, next));
                    deferred.add(r.recipient());
                    earliest = earliest == null || next.isBefore(earliest) ? next : earliest;
                    lastError = r.reply().toString();
                }
            }
        }
        exchange.setProperty(OUTCOMES, outcomes);
        exchange.setProperty(ATTEMPT, attempt);
        exchange.setProperty(DEFERRED, !deferred.isEmpty());
        if (!deferred.isEmpty()) {
            m.setHeader(MtaHeaders.RECIPIENTS, envelope.withRecipients(deferred).recipientList());
            m.setHeader(MtaHeaders.ATTEMPT, attempt);
            m.setHeader(MtaHeaders.FIRST_FAILURE, firstFailure.toEpochMilli());
            m.setHeader(MtaHeaders.NEXT_ATTEMPT, earliest.toEpochMilli());
            m.setHeader(MtaHeaders.LAST_ERROR, lastError);
        }
    }
}
