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
 * The best MX of the destination is this engine (its name is in mta.local-names): sending there
 * would loop, so the mail bounces with 554 5.4.6 (RFC 5321 §5.1) and a notice, and the host is
 * never connected to.
 */
class MxPointingToThisEngineBouncesTest {

    @TempDir
    Path data;

    @Test
    void mailThatWouldLoopBounces() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @    IN SOA ns hostmaster 1 3600 600 86400 60
                     @    IN MX 10 us
                     us   IN A 127.0.0.3
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port())
                     .set("mta.local-names", "us.example.net")
                     .set("mta.routes.example.com", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@example.net", "mxself");

            DeliveryEvent bounced = events.await("bounced", "r@example.net", Duration.ofSeconds(15));
            assertThat(bounced.code()).isEqualTo(554);
            assertThat(bounced.enhancedCode()).isEqualTo("5.4.6");
            assertThat(bounced.response()).contains("loops back to myself");
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            assertThat(ParsedNotice.parse(sinks.get(0).delivered().get(0).content()).recipient(0))
                    .containsEntry("Status", "5.4.6");
            assertThat(sinks.get(1).connectionCount()).isZero();
        }
    }
}
