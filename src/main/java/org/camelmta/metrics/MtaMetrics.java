package org.camelmta.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Consumer;
import org.camelmta.dns.MxResolver;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.retry.AdvisoryFailures;
import org.camelmta.retry.DeliveryShares;
import org.camelmta.retry.Releaser;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.DestinationLimiter;
import org.camelmta.smtp.SmtpObserver;

/**
 * camel-mta's meters, in one Micrometer registry of its own (not the global one, so several
 * engines in one JVM keep separate counts), exposed in the Prometheus text format. Every meter
 * is listed in docs/operations.md. What happens per message or per DNS query costs a counter
 * increment or a timer record; everything else (cache, DNS counters, retry counters, queue
 * depths) is read when scraped.
 */
public final class MtaMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final EventCounters events;
    private final SmtpPhaseTimers phases;
    private final BoundedLabels addresses;
    private volatile ConnectionMeters connections;

    /** @param maxDestinations most domains, and most addresses, that get a label of their own */
    public MtaMetrics(int maxDestinations) {
        this.events = new EventCounters(registry, new BoundedLabels(maxDestinations));
        this.phases = new SmtpPhaseTimers(registry);
        this.addresses = new BoundedLabels(maxDestinations);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Give to the events bean: counts every event it publishes. */
    public Consumer<DeliveryEvent> eventObserver() {
        return events;
    }

    /** Give to the SMTP deliverer: times every phase of every session. */
    public SmtpObserver smtpObserver() {
        return phases;
    }

    /** The connection cache's counters and the connections open per destination address. */
    public MtaMetrics watch(ConnectionCache cache, DestinationLimiter limiter) {
        connections = new ConnectionMeters(registry, cache, limiter, addresses);
        return this;
    }

    /** The resolver's query times (a histogram), errors, cache hits and misses, plans. */
    public MtaMetrics watch(MxResolver resolver) {
        resolver.observe(new DnsQueryTimer(registry));
        Gauge.builder("mta.dns.query.max", resolver, r -> r.stats().maxQueryTime().toNanos() / 1e9)
                .baseUnit("seconds").description("The longest single DNS query since start").register(registry);
        FunctionCounter.builder("mta.dns.query.errors", resolver, r -> r.stats().queryErrors())
                .description("DNS queries that got no response (timeout, I/O error)").register(registry);
        FunctionCounter.builder("mta.dns.cache.hits", resolver, r -> r.stats().cacheHits())
                .description("Look-ups answered from the DNS cache").register(registry);
        FunctionCounter.builder("mta.dns.cache.misses", resolver, r -> r.stats().cacheMisses())
                .description("Look-ups the DNS cache could not answer").register(registry);
        FunctionCounter.builder("mta.dns.plans", resolver, r -> r.stats().plans())
                .description("Connection plans asked for (one per delivery attempt)").register(registry);
        FunctionCounter.builder("mta.dns.plan.failures", resolver, r -> r.stats().planFailures())
                .description("Connection plans that failed (NXDOMAIN, null MX, SERVFAIL, timeout...)")
                .register(registry);
        return this;
    }

    /** Retry wake-ups and the messages they released. */
    public MtaMetrics watch(Releaser releaser) {
        FunctionCounter.builder("mta.retry.releases", releaser, Releaser::wakeUps)
                .description("Retry wake-ups: Quartz releasing a destination's due mail").register(registry);
        FunctionCounter.builder("mta.retry.released.messages", releaser, Releaser::wokenMessages)
                .description("Deferred messages moved back to mta.delivery by retry wake-ups").register(registry);
        return this;
    }

    /** Failures of advisory state after a delivery (hints, delivered record, Quartz, events, notices), per store. */
    public MtaMetrics watch(AdvisoryFailures failures) {
        for (AdvisoryFailures.Store store : AdvisoryFailures.Store.values()) {
            FunctionCounter.builder("mta.advisory.failures", failures, f -> f.count(store))
                    .description("Failures of advisory state after a server accepted a message; logged, the delivery stands")
                    .tag("store", store.label()).register(registry);
        }
        return this;
    }

    /** Attempts not made because their destination was at its share of the delivery threads. */
    public MtaMetrics watch(DeliveryShares shares) {
        FunctionCounter.builder("mta.delivery.held", shares, DeliveryShares::held)
                .description("Messages parked for a few seconds, untried, because their destination was at its share"
                        + " of the delivery threads").register(registry);
        return this;
    }

    /** The depth of camel-mta's queues, as the broker watch last read them. */
    public MtaMetrics watch(BrokerWatch broker) {
        for (String queue : BrokerWatch.QUEUES) {
            Gauge.builder("mta.queue.messages", broker, b -> b.depth(queue))
                    .description("Messages waiting on a queue (NaN while the broker cannot be asked)")
                    .tag("queue", queue).register(registry);
        }
        return this;
    }

    /** The meters in the Prometheus text format (0.0.4). */
    public String scrape() {
        ConnectionMeters c = connections;
        if (c != null) {
            c.refresh();
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
