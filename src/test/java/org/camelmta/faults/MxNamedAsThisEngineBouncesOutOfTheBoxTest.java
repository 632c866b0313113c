package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no mta.local-names set, the engine still knows its own name (mta.hostname, here
 * mta.test.example): a domain whose best MX is that name loops back to this engine, so the mail
 * bounces 554 5.4.6 (RFC 5321 §5.1) and the host is never connected to.
 */
class MxNamedAsThisEngineBouncesOutOfTheBoxTest {

    @TempDir
    Path data;

    @Test
    void anMxNamedLikeUsBouncesWithoutConfiguration() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @    IN SOA ns hostmaster 1 3600 600 86400 60
                     @    IN MX 10 mta.test.example.
                     """).zone("test.example", """
                     @    IN SOA ns hostmaster 1 3600 600 86400 60
                     mta  IN A 127.0.0.3
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@example.net", "mxisus");

            DeliveryEvent bounced = events.await("bounced", "r@example.net", Duration.ofSeconds(15));
            assertThat(bounced.enhancedCode()).isEqualTo("5.4.6");
            assertThat(bounced.response()).contains("loops back to myself");
            assertThat(sinks.get(1).connectionCount()).isZero();
        }
    }
}
