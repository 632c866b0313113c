package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.JmsClient;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipient's domain does not exist (NXDOMAIN): a permanent failure, 550 5.1.2, bounced at
 * once with a notice to the sender, never retried.
 */
class NxdomainBouncesWithANoticeTest {

    @TempDir
    Path data;

    @Test
    void bouncedAtOnce() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @  IN SOA ns hostmaster 1 3600 600 86400 60
                     @  IN MX 10 mx
                     mx IN A 127.0.0.9
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@nosuch.example.net", "nxdomain");

            DeliveryEvent bounced = events.await("bounced", "r@nosuch.example.net", Duration.ofSeconds(15));
            assertThat(bounced.code()).isEqualTo(550);
            assertThat(bounced.enhancedCode()).isEqualTo("5.1.2");
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            ParsedNotice dsn = ParsedNotice.parse(sinks.get(0).delivered().get(0).content());
            assertThat(dsn.recipient(0)).containsEntry("Final-Recipient", "rfc822; r@nosuch.example.net")
                    .containsEntry("Status", "5.1.2");
            assertThat(events.of("deferred", "r@nosuch.example.net")).isEmpty();
            assertThat(engine.jms().browse("mta.deferred")).isEmpty();
        }
    }
}
