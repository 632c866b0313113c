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
 * "MX 0 ." (RFC 7505): the domain takes no mail. Bounced at once with 556 5.1.10 and a notice
 * to the sender, and its address record, which exists, is never connected to.
 */
class NullMxBouncesWithoutConnectingTest {

    @TempDir
    Path data;

    @Test
    void bouncedWithoutAConnection() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @  IN SOA ns hostmaster 1 3600 600 86400 60
                     @  IN MX 0 .
                     @  IN A 127.0.0.3
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@example.net", "nullmx");

            DeliveryEvent bounced = events.await("bounced", "r@example.net", Duration.ofSeconds(15));
            assertThat(bounced.code()).isEqualTo(556);
            assertThat(bounced.enhancedCode()).isEqualTo("5.1.10");
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            assertThat(ParsedNotice.parse(sinks.get(0).delivered().get(0).content()).recipient(0))
                    .containsEntry("Status", "5.1.10");
            assertThat(sinks.get(1).connectionCount()).isZero();
            assertThat(engine.jms().browse("mta.deferred")).isEmpty();
        }
    }
}
