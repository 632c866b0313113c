package org.camelmta.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.camelmta.dns.DnsObserver;

/**
 * {@code mta_dns_query_seconds}: a latency histogram of the DNS queries the resolver sends, fed
 * through {@link DnsObserver}. Buckets from half a millisecond (a resolver on the same host) to
 * 30 seconds (past any sane query timeout, so a timed-out query lands in the bucket of its
 * timeout, not beyond the last). Timeouts and I/O errors are timed too: a slow or absent server
 * is what the histogram is for; {@code mta_dns_query_errors_total} counts them apart.
 */
final class DnsQueryTimer implements DnsObserver {

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Timer timer;

    DnsQueryTimer(MeterRegistry registry) {
        timer = Timer.builder("mta.dns.query")
                .description("How long each DNS query took, from sending it to its response or to giving up")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    @Override
    public void query(Duration took) {
        timer.record(took);
    }
}
