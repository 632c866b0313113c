package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination's DNS answers SERVFAIL: a temporary failure (451 4.4.3), so the mail is
 * deferred, not bounced, and the domain's own address is never tried in place of its MX; when
 * DNS answers again the retry delivers it to the MX.
 */
class DnsServfailDefersUntilTheAnswerComesTest {

    @TempDir
    Path data;

    @Test
    void deferredWhileDnsFailsThenDelivered() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @  IN SOA ns hostmaster 1 3600 600 86400 60
                     @  IN MX 10 mx
                     @  IN A 127.0.0.3
                     mx IN A 127.0.0.2
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            dns.fault("example.net", "MX", ZoneFault.SERVFAIL);
            Scenario.submit(engine, "a@example.com", "r@example.net", "servfail");

            DeliveryEvent deferred = events.await("deferred", "r@example.net", Duration.ofSeconds(15));
            assertThat(deferred.code()).isEqualTo(451);
            assertThat(deferred.enhancedCode()).isEqualTo("4.4.3");

            dns.clearFaults();
            DeliveryEvent delivered = events.await("delivered", "r@example.net", Duration.ofSeconds(20));
            assertThat(delivered.ip()).isEqualTo("127.0.0.2");
            assertThat(sinks.get(1).connectionCount()).as("the domain's A record is not an MX").isZero();
            assertThat(events.ofType("bounced")).isEmpty();
        }
    }
}
