package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.Unstamped;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One transaction, three recipients: 250, 550 and 451 at RCPT. One is delivered, one bounced,
 * and exactly the 451 recipient waits on mta.deferred.
 */
class MixedRecipientOutcomesTest {

    @TempDir
    static Path data;
    static ZoneDnsServer dns;
    static Sinks sinks;
    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        sinks = Sinks.onLoopback(1);
        dns = ZoneDnsServer.start().zone("example.org", """
                @  IN SOA ns.example.org. hostmaster.example.org. 1 3600 600 86400 60
                @  IN MX 10 mx.example.org.
                mx IN A 127.0.0.2
                """);
        engine = TestEngine.builder(data).dns(dns).smtpPort(sinks.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        sinks.close();
        dns.close();
    }

    /** This test's message's events of one type (the bounce it causes has events of its own). */
    private static List<DeliveryEvent> mine(JmsClient.EventCollector events, String type) {
        return events.ofType(type).stream().filter(e -> e.messageId().equals("mixed@test.example")).toList();
    }

    private static String domainOf(Message m) {
        try {
            return m.getStringProperty("mtaDomain");
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deliveredBouncedAndDeferredInOneMessage() throws Exception {
        byte[] message = Mail.simple("a@example.com", "several@example.org", "mixed", "hello\r\n");
        try (JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", message, Map.of("mtaSender", "a@example.com",
                    "mtaRecipients", "ok@example.org,550-nouser@example.org,451-greylisted@example.org"));

            await().atMost(Duration.ofSeconds(20)).until(() -> events.events().stream()
                    .filter(e -> e.messageId().equals("mixed@test.example")).count() == 3);
            assertThat(mine(events, "delivered")).extracting(DeliveryEvent::recipient).containsExactly("ok@example.org");
            DeliveryEvent bounced = mine(events, "bounced").get(0);
            assertThat(bounced.recipient()).isEqualTo("550-nouser@example.org");
            assertThat(bounced.code()).isEqualTo(550);
            assertThat(bounced.enhancedCode()).isEqualTo("5.1.1");
            DeliveryEvent deferred = mine(events, "deferred").get(0);
            assertThat(deferred.recipient()).isEqualTo("451-greylisted@example.org");
            assertThat(deferred.code()).isEqualTo(451);
            assertThat(deferred.nextAttempt()).isNotNull();

            assertThat(sinks.get(0).delivered()).hasSize(1);
            assertThat(sinks.get(0).delivered().get(0).recipientAddresses()).containsExactly("ok@example.org");

            // (the bounce for the 550 recipient, to a@example.com, is parked too: that domain has no DNS here)
            List<Message> parked = engine.jms().browse("mta.deferred").stream()
                    .filter(m -> domainOf(m).equals("example.org")).toList();
            assertThat(parked).hasSize(1);
            Message p = parked.get(0);
            assertThat(p.getStringProperty("mtaRecipients")).isEqualTo("451-greylisted@example.org");
            assertThat(p.getStringProperty("mtaDomain")).isEqualTo("example.org");
            assertThat(p.getStringProperty("mtaSender")).isEqualTo("a@example.com");
            assertThat(p.getIntProperty("mtaAttempt")).isEqualTo(1);
            assertThat(p.getLongProperty("mtaNextAttempt")).isGreaterThan(System.currentTimeMillis());
            assertThat(p.getStringProperty("mtaLastError")).startsWith("451 4.3.0");
            assertThat(Unstamped.bytes(JmsClient.body(p))).isEqualTo(message);
            assertThat(p.getStringProperty("mtaId")).isEqualTo(deferred.id());
        }
    }
}
