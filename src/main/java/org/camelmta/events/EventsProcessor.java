package org.camelmta.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelmta.retry.RetryProcessor;
import org.camelmta.retry.RecipientOutcome;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MtaHeaders;

/**
 * The routes' event bean ({@code mtaEvents}): collects the events of an exchange in a
 * property, and turns each into its JSON line for the log and the topic.
 */
public class EventsProcessor {

    /** Exchange property: the {@code List<DeliveryEvent>} the events route publishes. */
    public static final String EVENTS = "mtaEvents";

    private final EventLog log;
    private final Clock clock;
    private final Consumer<DeliveryEvent> observer;

    public EventsProcessor(EventLog log, Clock clock) {
        this(log, clock, event -> { });
    }

    /**
     * @param observer sees every event as it is published (the engine's metrics count them
     *                 there, so the counts are the events); called on the route's thread, so it
     *                 must be quick and must not throw
     */
    public EventsProcessor(EventLog log, Clock clock, Consumer<DeliveryEvent> observer) {
        this.log = log;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * After a delivery attempt: one event per recipient outcome, except for recipients only held
     * because their destination was at its share of the delivery threads (not an attempt, and a
     * busy destination would otherwise make an event every few seconds per waiting message).
     */
    @SuppressWarnings("unchecked")
    public void fromOutcomes(Exchange exchange) {
        List<RecipientOutcome> outcomes = ((List<RecipientOutcome>) exchange.getProperty(RetryProcessor.OUTCOMES,
                List.class)).stream().filter(o -> !RetryProcessor.HELD_FOR_SHARE.equals(o.decision().reason())).toList();
        Envelope envelope = exchange.getProperty(RetryProcessor.ENVELOPE, Envelope.class);
        int attempt = exchange.getProperty(RetryProcessor.ATTEMPT, 1, Integer.class);
        exchange.setProperty(EVENTS, EventFactory.of(envelope, outcomes, attempt, clock.instant()));
    }

    /** For a refused submission: the reason is in {@code mtaError}; the message is untouched. */
    public void invalid(Exchange exchange) {
        Message m = exchange.getMessage();
        List<String> recipients = new ArrayList<>();
        String list = m.getHeader(MtaHeaders.RECIPIENTS, String.class);
        if (list != null) {
            for (String r : list.split(",")) {
                if (!r.isBlank()) {
                    recipients.add(Envelope.printable(r));
                }
            }
        }
        String sender = m.getHeader(MtaHeaders.SENDER, String.class);
        exchange.setProperty(EVENTS, EventFactory.invalid(
                Envelope.printable(m.getHeader(MtaHeaders.ID, "", String.class)), "",
                sender == null ? "" : Envelope.printable(sender), recipients,
                m.getHeader(MtaHeaders.ERROR, "", String.class), clock.instant()));
    }

    /** Writes the event in the body to the log and leaves its JSON as the body for the topic. */
    public String publish(DeliveryEvent event) {
        String json = EventLog.toJson(event);
        log.append(json);
        observer.accept(event);
        return json;
    }
}
