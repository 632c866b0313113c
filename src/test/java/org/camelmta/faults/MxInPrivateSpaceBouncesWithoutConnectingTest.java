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
 * With the default mta.outbound.allowed-networks (none), a domain whose MX points into the
 * engine's own network (here loopback, where a server does listen), and a recipient written as
 * an address literal there, bounce at once with 550 5.4.4 and a notice; nothing connects to
 * them. The notice itself goes out through a static route to loopback: routes are trusted.
 */
class MxInPrivateSpaceBouncesWithoutConnectingTest {

    @TempDir
    Path data;

    @Test
    void bouncedWithoutAConnection() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @  IN SOA ns hostmaster 1 3600 600 86400 60
                     @  IN MX 10 mx
                     mx IN A 127.0.0.3
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port())
                     .set("mta.outbound.allowed-networks", "")
                     .set("mta.routes.example.com", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@example.net,s@[127.0.0.3]", "internal");

            DeliveryEvent viaMx = events.await("bounced", "r@example.net", Duration.ofSeconds(15));
            assertThat(viaMx.code()).isEqualTo(550);
            assertThat(viaMx.enhancedCode()).isEqualTo("5.4.4");
            assertThat(viaMx.response()).contains("non-public address 127.0.0.3 (loopback)")
                    .contains("mta.outbound.allowed-networks");
            DeliveryEvent literal = events.await("bounced", "s@[127.0.0.3]", Duration.ofSeconds(15));
            assertThat(literal.enhancedCode()).isEqualTo("5.4.4");

            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).as("the notice, by the static route").isTrue();
            assertThat(ParsedNotice.parse(sinks.get(0).delivered().get(0).content()).recipient(0))
                    .containsEntry("Status", "5.4.4");
            assertThat(sinks.get(1).connectionCount()).as("nothing connected to 127.0.0.3").isZero();
            assertThat(engine.jms().browse("mta.deferred")).isEmpty();
        }
    }
}
