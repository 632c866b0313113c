package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real deliveries to six domains (delivered, bounced 550, deferred 451 until they expire, the
 * bounces' own deliveries) and one refused submission; then /metrics, scraped over HTTP, counts
 * exactly the events seen on mta.events, by event and destination, with at most three
 * destinations named and the rest as "other". The other meters moved as the deliveries did.
 */
class ScrapedCountersMatchPublishedEventsTest {

    private static final String ZONE = """
            @     IN SOA ns.example. hostmaster.example. 1 3600 600 86400 60
            one   IN MX 10 mx.example.
            two   IN MX 10 mx.example.
            three IN MX 10 mx.example.
            four  IN MX 10 mx.example.
            five  IN MX 10 mx.example.
            mx    IN A 127.0.0.2
            """;

    @TempDir
    Path data;

    @Test
    void countersEqualTheEventsOnTheTopic() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example", ZONE).zone("example.com", """
                     @ IN SOA ns.example. hostmaster.example. 1 3600 600 86400 60
                     @ IN MX 10 mx.example.
                     """);
             TestEngine engine = TestEngine.builder(data).dns(dns).smtpPort(sinks.port())
                     .set("mta.metrics.max-destinations", "3")
                     .set("mta.metrics.check-interval", "200ms")
                     .set("mta.retry.rules", "* * F,3s,1s")
                     .set("mta.connection-cache.max-messages", "2")
                     .start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            URI endpoint = engine.runtime().metrics().uri();

            submit(engine, "ok@one.example,550-nouser@one.example,451-grey@one.example");
            submit(engine, "ok@two.example,ok2@three.example");
            submit(engine, "ok@four.example,550-gone@five.example");
            submit(engine, "451-later@five.example");
            engine.jms().send("mta.submit", "Subject: nobody\r\n\r\nbody\r\n".getBytes(),
                    Map.of("mtaSender", "a@example.com")); // no recipients: refused, an invalid event

            // Both 451 recipients expire (F,3s,1s), and each bounce and expiry notice reaches example.com.
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                String sofar = events.events().stream()
                        .map(e -> e.event() + " " + e.recipient() + " #" + e.attempt() + " " + e.response() + " at " + e.timestamp())
                        .collect(Collectors.joining("\n  ", "events so far:\n  ", ""));
                assertThat(events.ofType("expired")).as(sofar).hasSize(2);
                assertThat(events.ofType("delivered")).filteredOn(e -> e.domain().equals("example.com")).as(sofar).hasSize(4);
            });

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Scrape scrape = Scrape.of(endpoint);
                Set<String> named = scrape.samples("mta_messages_total").stream().map(s -> s.label("destination"))
                        .filter(d -> !d.equals("other") && !d.equals("unknown")).collect(Collectors.toSet());
                assertThat(named).hasSize(3)
                        .isSubsetOf("one.example", "two.example", "three.example", "four.example", "five.example",
                                "example.com");
                assertThat(counted(scrape)).isEqualTo(expected(events.events(), named));
            });
            assertThat(events.events()).extracting(DeliveryEvent::event)
                    .contains("delivered", "deferred", "bounced", "expired", "invalid");

            Scrape scrape = Scrape.of(endpoint);
            assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(scrape.sum("mta_messages_total", "destination", "other")).isPositive();
            assertThat(scrape.value("mta_messages_total", "event", "invalid", "destination", "unknown")).isEqualTo(1);

            // Sessions were reused, and retired after two messages each.
            assertThat(scrape.value("mta_connection_cache_hits_total")).isPositive();
            assertThat(scrape.value("mta_connection_cache_misses_total")).isPositive();
            assertThat(scrape.value("mta_connection_cache_evictions_total")).isPositive();

            // Every message the sink accepted was timed at the end of its data; every phase has samples.
            assertThat(scrape.value("mta_smtp_phase_seconds_count", "phase", "data_end", "outcome", "ok"))
                    .isEqualTo(sinks.get(0).delivered().size());
            for (String phase : List.of("connect", "greeting", "ehlo", "mail", "rcpt", "data", "data_end")) {
                double count = scrape.value("mta_smtp_phase_seconds_count", "phase", phase, "outcome", "ok");
                assertThat(count).as(phase).isPositive();
                assertThat(scrape.value("mta_smtp_phase_seconds_bucket", "phase", phase, "outcome", "ok", "le", "+Inf"))
                        .as(phase).isEqualTo(count);
                assertThat(scrape.value("mta_smtp_phase_seconds_sum", "phase", phase, "outcome", "ok")).as(phase)
                        .isPositive();
            }

            // DNS asked the test server (besides readiness's probes of the root), and example.com's
            // MX came from the cache after the first bounce.
            long lookups = dns.queries().stream().filter(q -> !q.name().equals(".")).count();
            assertThat(scrape.value("mta_dns_query_seconds_count")).isEqualTo(lookups);
            assertThat(scrape.value("mta_dns_cache_hits_total")).isPositive();
            assertThat(scrape.value("mta_dns_cache_misses_total")).isPositive();

            // Each retry of a 451 recipient was a message released by a retry wake-up, and so was
            // each message parked because its destination was at its share of the threads.
            long retried = events.events().stream().filter(e -> e.attempt() > 1).count();
            assertThat(retried).isGreaterThanOrEqualTo(4);
            assertThat(scrape.value("mta_retry_released_messages_total"))
                    .isEqualTo(retried + scrape.value("mta_delivery_held_total"));
            assertThat(scrape.value("mta_retry_releases_total")).isPositive();

            // The refused submission waits on mta.invalid; nothing else waits anywhere.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Scrape s = Scrape.of(endpoint);
                assertThat(s.value("mta_queue_messages", "queue", "mta.invalid")).isEqualTo(1);
                for (String queue : List.of("mta.submit", "mta.delivery", "mta.deferred", "mta.dlq")) {
                    assertThat(s.value("mta_queue_messages", "queue", queue)).as(queue).isZero();
                }
            });

            // JVM basics are there too, and Camel's own route statistics over JMX (under the
            // context's management name: camel-mta, or camel-mta-N when another engine in this
            // JVM has that name).
            assertThat(scrape.sum("jvm_memory_used_bytes")).isPositive();
            ObjectName deliverRoute = new ObjectName("org.apache.camel:context="
                    + engine.app().context().getManagementName() + ",type=routes,name=\"mta-deliver\"");
            Object completed = ManagementFactory.getPlatformMBeanServer().getAttribute(deliverRoute, "ExchangesCompleted");
            assertThat((Long) completed).isGreaterThanOrEqualTo(events.events().stream()
                    .filter(e -> !e.event().equals("invalid")).map(DeliveryEvent::id).distinct().count());
        }
    }

    private static void submit(TestEngine engine, String recipients) throws Exception {
        engine.jms().send("mta.submit", Mail.simple("a@example.com", recipients, "metrics", "x\r\n"),
                Map.of("mtaSender", "a@example.com", "mtaRecipients", recipients));
    }

    /** mta_messages_total as scraped: event -> destination label -> count. */
    private static Map<String, Map<String, Long>> counted(Scrape scrape) {
        Map<String, Map<String, Long>> result = new TreeMap<>();
        for (Scrape.Sample s : scrape.samples("mta_messages_total")) {
            if (s.value() > 0) {
                result.computeIfAbsent(s.label("event"), k -> new TreeMap<>())
                        .put(s.label("destination"), (long) s.value());
            }
        }
        return result;
    }

    /** The events seen, counted the same way: a domain not among the named ones is "other". */
    private static Map<String, Map<String, Long>> expected(List<DeliveryEvent> events, Set<String> named) {
        Map<String, Map<String, Long>> result = new TreeMap<>();
        for (DeliveryEvent e : events) {
            String label = e.domain().isEmpty() ? "unknown" : named.contains(e.domain()) ? e.domain() : "other";
            result.computeIfAbsent(e.event(), k -> new TreeMap<>()).merge(label, 1L, Long::sum);
        }
        return result;
    }
}
