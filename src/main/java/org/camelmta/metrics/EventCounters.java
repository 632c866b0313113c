package org.camelmta.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.camelmta.events.DeliveryEvent;

/**
 * {@code mta_messages_total{event, destination}}: one count per published event, by event type
 * and recipient domain (bounded: see {@link BoundedLabels}). Fed by the events bean as it
 * publishes, so the counts are the events on {@code mta.events}. Counters are looked up in a
 * map of their own, without a lock once they exist.
 */
final class EventCounters implements Consumer<DeliveryEvent> {

    static final String NAME = "mta.messages";

    private final MeterRegistry registry;
    private final BoundedLabels destinations;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EventCounters(MeterRegistry registry, BoundedLabels destinations) {
        this.registry = registry;
        this.destinations = destinations;
    }

    @Override
    public void accept(DeliveryEvent event) {
        String destination = destinations.of(event.domain());
        String key = event.event() + '\n' + destination;
        Counter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> register(event.event(), destination));
        }
        c.increment();
    }

    private Counter register(String event, String destination) {
        return Counter.builder(NAME)
                .description("Recipient outcomes published as events, by event and recipient domain")
                .tag("event", event)
                .tag("destination", destination)
                .register(registry);
    }
}
