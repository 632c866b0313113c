package org.camelmta.dsn;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.camelmta.retry.RecipientDecision;
import org.camelmta.retry.RecipientOutcome;
import org.camelmta.retry.RetryProcessor;
import org.camelmta.smtp.Cause;
import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MtaHeaders;
import org.camelmta.submit.RecipientDsn;

/**
 * The delivery route's notice step ({@code mtaBounces}): after the outcomes are decided, makes
 * the delivery status notifications they call for (one bounce covering every failed recipient
 * of the message, one delay warning the first time it is due) as new submissions with the null
 * sender, which the route puts on {@code mta.submit} in the same transaction.
 */
public class BounceProcessor {

    /** Exchange property: the deferred outcomes a delay warning is due for. */
    public static final String DELAY_NOTICE = "mtaDelayNotice";

    private final DsnPolicy policy;
    private final DsnBuilder builder;
    private final Clock clock;

    public BounceProcessor(DsnPolicy policy, DsnBuilder builder, Clock clock) {
        this.policy = policy;
        this.builder = builder;
        this.clock = clock;
    }

    /**
     * Before the message is parked: whether a delay warning is due for its deferred recipients
     * now. Marks the message ({@code mtaDelayWarned}) so the warning is sent once.
     */
    @SuppressWarnings("unchecked")
    public void markDelayWarning(Exchange exchange) {
        Message m = exchange.getMessage();
        if (Boolean.parseBoolean(m.getHeader(MtaHeaders.DELAY_WARNED, "false", String.class))) {
            return;
        }
        OriginalMessage original = original(exchange);
        Instant now = clock.instant();
        List<RecipientOutcome> due = new ArrayList<>();
        for (RecipientOutcome o : (List<RecipientOutcome>) exchange.getProperty(RetryProcessor.OUTCOMES, List.class)) {
            if (o.outcome() == RecipientDecision.Outcome.DEFERRED
                    && policy.onDelay(original, o.decision().recipient(), now, false).isDue()) {
                due.add(o);
            }
        }
        if (!due.isEmpty()) {
            exchange.setProperty(DELAY_NOTICE, due);
            m.setHeader(MtaHeaders.DELAY_WARNED, "true");
        }
    }

    /** Exchange property: the notices {@link #prepareNotices} made, for the route to send. */
    public static final String NOTICES = "mtaNotices";

    /**
     * Makes the notices into {@value #NOTICES}, a step of its own so that the route can tell a
     * notice that could not be made (advisory: counted, the delivery stands) from one that could
     * not be sent to {@code mta.submit} (durable: the transaction rolls back).
     */
    public void prepareNotices(Exchange exchange) {
        exchange.setProperty(NOTICES, notices(exchange));
    }

    /** The notices this attempt calls for, each a message for {@code mta.submit}. */
    @SuppressWarnings("unchecked")
    public List<Message> notices(Exchange exchange) {
        OriginalMessage original = original(exchange);
        Instant now = clock.instant();
        List<Message> notices = new ArrayList<>(2);
        List<RecipientStatus> failed = new ArrayList<>();
        for (RecipientOutcome o : (List<RecipientOutcome>) exchange.getProperty(RetryProcessor.OUTCOMES, List.class)) {
            if (o.outcome().isFailure() && policy.onFailure(original, o.decision().recipient()).isDue()) {
                failed.add(status(DsnAction.FAILED, o, now));
            }
        }
        if (!failed.isEmpty()) {
            notices.add(submission(exchange, builder.build(original, failed)));
        }
        List<RecipientStatus> relayed = new ArrayList<>();
        for (RecipientOutcome o : (List<RecipientOutcome>) exchange.getProperty(RetryProcessor.OUTCOMES, List.class)) {
            if (o.outcome() == RecipientDecision.Outcome.DELIVERED && o.result() != null
                    && policy.onDelivery(original, o.decision().recipient(), o.result().dsnOffered()).isDue()) {
                relayed.add(RecipientStatus.of(DsnAction.RELAYED, o.result(), now));
            }
        }
        if (!relayed.isEmpty()) {
            notices.add(submission(exchange, builder.build(original, relayed)));
        }
        List<RecipientOutcome> delayed = exchange.getProperty(DELAY_NOTICE, List.class);
        if (delayed != null && !delayed.isEmpty()) {
            List<RecipientStatus> statuses = delayed.stream().map(o -> status(DsnAction.DELAYED, o, now)).toList();
            notices.add(submission(exchange, builder.build(original, statuses)));
        }
        return notices;
    }

    private static RecipientStatus status(DsnAction action, RecipientOutcome o, Instant now) {
        if (o.result() != null) {
            return RecipientStatus.of(action, o.result(), now);
        }
        // held back without trying: the reply is camel-mta's own ("retry time not reached ...")
        return RecipientStatus.of(action, o.decision().recipient(), o.decision().reply(), Cause.LOCAL, null, null, now);
    }

    private static Message submission(Exchange exchange, DeliveryStatusNotification dsn) {
        Message m = new DefaultMessage(exchange.getContext());
        m.setBody(dsn.message());
        m.setHeader(MtaHeaders.ID, dsn.envelope().id());
        m.setHeader(MtaHeaders.SENDER, "");
        m.setHeader(MtaHeaders.RECIPIENTS, dsn.envelope().recipientList());
        return m;
    }

    private static OriginalMessage original(Exchange exchange) {
        Message m = exchange.getMessage();
        Envelope envelope = exchange.getProperty(RetryProcessor.ENVELOPE, Envelope.class);
        DsnRequest request = DsnRequest.fromMailParameters(words(m.getHeader(MtaHeaders.DSN_MAIL, String.class)));
        RecipientDsn perRecipient = RecipientDsn.fromRcptParameters(words(m.getHeader(MtaHeaders.DSN_RCPT, String.class)));
        for (var r : envelope.recipients()) {
            request = request.withRecipient(r, perRecipient);
        }
        return new OriginalMessage(envelope, request, m.getBody(byte[].class));
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }
}
