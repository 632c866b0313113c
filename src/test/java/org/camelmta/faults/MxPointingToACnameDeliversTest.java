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
 * The MX record names an alias (a CNAME), which RFC 2181 §10.3 forbids and many domains do
 * anyway. Like Postfix and Exim, camel-mta follows the alias to its address and delivers; the
 * event names the MX as the record gave it.
 */
class MxPointingToACnameDeliversTest {

    @TempDir
    Path data;

    @Test
    void theAliasIsFollowed() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @     IN SOA ns hostmaster 1 3600 600 86400 60
                     @     IN MX 10 mail
                     mail  IN CNAME real
                     real  IN A 127.0.0.2
                     """);
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@example.net", "mxcname");

            DeliveryEvent delivered = events.await("delivered", "r@example.net", Duration.ofSeconds(15));
            assertThat(delivered.mx()).isEqualTo("mail.example.net");
            assertThat(delivered.ip()).isEqualTo("127.0.0.2");
            assertThat(sinks.get(0).messageCount()).isEqualTo(1);
        }
    }
}
