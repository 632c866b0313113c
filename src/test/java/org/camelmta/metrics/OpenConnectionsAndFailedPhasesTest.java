package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers that stall at RCPT: while they do, each connection shows in
 * mta_connections_open (one address by name, the other as "other", with a bound of one); when
 * the RCPT timeout ends them, they leave the gauge, the RCPT histogram has two failed samples
 * as long as the timeout, and the two deferred messages are counted on mta.deferred.
 */
class OpenConnectionsAndFailedPhasesTest {

    @TempDir
    Path data;

    @Test
    void stalledConnectionsAreOpenUntilTheirTimeoutThenFailedSamples() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example", """
                     @    IN SOA ns.example. hostmaster.example. 1 3600 600 86400 60
                     a    IN MX 10 mx-a.example.
                     b    IN MX 10 mx-b.example.
                     mx-a IN A 127.0.0.2
                     mx-b IN A 127.0.0.3
                     """);
             TestEngine engine = TestEngine.builder(data).dns(dns).smtpPort(sinks.port())
                     .set("mta.metrics.max-destinations", "1")
                     .set("mta.metrics.check-interval", "200ms")
                     .set("mta.connection.default.timeout.rcpt-to", "3s")
                     .set("mta.retry.rules", "* * F,1h,30m")
                     .start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            URI endpoint = engine.runtime().metrics().uri();
            int port = sinks.port();
            for (String to : new String[] {"stall-rcpt-x@a.example", "stall-rcpt-y@b.example"}) {
                engine.jms().send("mta.submit", Mail.simple("a@example.com", to, "stall", "x\r\n"),
                        Map.of("mtaSender", "a@example.com", "mtaRecipients", to));
            }

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                Scrape s = Scrape.of(endpoint);
                assertThat(s.sum("mta_connections_open")).isEqualTo(2);
                Set<String> labels = s.samples("mta_connections_open").stream().map(x -> x.label("destination"))
                        .collect(Collectors.toSet());
                assertThat(labels).hasSize(2).contains("other")
                        .containsAnyOf("127.0.0.2:" + port, "127.0.0.3:" + port);
            });
            assertThat(events.events()).isEmpty();

            await().atMost(Duration.ofSeconds(15)).until(() -> events.ofType("deferred").size() == 2);
            Scrape after = Scrape.of(endpoint);
            assertThat(after.samples("mta_connections_open")).isEmpty();
            assertThat(after.value("mta_smtp_phase_seconds_count", "phase", "rcpt", "outcome", "failed")).isEqualTo(2);
            assertThat(after.value("mta_smtp_phase_seconds_sum", "phase", "rcpt", "outcome", "failed"))
                    .isBetween(2 * 2.9, 2 * 5.0);
            assertThat(after.value("mta_smtp_phase_seconds_bucket", "phase", "rcpt", "outcome", "failed", "le", "2.5"))
                    .isZero();
            assertThat(after.value("mta_smtp_phase_seconds_bucket", "phase", "rcpt", "outcome", "failed", "le", "5.0"))
                    .isEqualTo(2);
            assertThat(after.value("mta_smtp_phase_seconds_count", "phase", "mail", "outcome", "ok")).isEqualTo(2);
            assertThat(after.sum("mta_messages_total", "event", "deferred")).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Scrape.of(endpoint).value("mta_queue_messages", "queue", "mta.deferred")).isEqualTo(2));
        }
    }
}
