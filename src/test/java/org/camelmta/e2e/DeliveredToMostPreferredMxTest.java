package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.Unstamped;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message submitted over JMS reaches the lowest-preference MX byte for byte, and says so in an event. */
class DeliveredToMostPreferredMxTest {

    @TempDir
    static Path data;
    static ZoneDnsServer dns;
    static Sinks sinks;
    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        sinks = Sinks.onLoopback(2);
        dns = ZoneDnsServer.start().zone("example.net", """
                @        3600 IN SOA ns.example.net. hostmaster.example.net. 1 3600 600 86400 60
                @        3600 IN MX 20 mx-backup.example.net.
                @        3600 IN MX 10 mx-primary.example.net.
                @        3600 IN A 127.0.0.9
                mx-primary 3600 IN A 127.0.0.2
                mx-backup  3600 IN A 127.0.0.3
                """);
        engine = TestEngine.builder(data).dns(dns).smtpPort(sinks.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        sinks.close();
        dns.close();
    }

    @Test
    void messageArrivesByteExactAtThePreferredMxWithADeliveredEvent() throws Exception {
        String text = "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: dots\r\n"
                + "Message-ID: <dots-1@example.com>\r\n\r\nfirst line\r\n.a line starting with a dot\r\n.\r\n"
                + "..two dots\r\nlast line\r\n";
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        try (JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", message, Map.of("mtaSender", "alice@example.com",
                    "mtaRecipients", "bob@example.net"));

            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
            SinkTransaction tx = sinks.get(0).delivered().get(0);
            assertThat(Unstamped.bytes(tx.content())).isEqualTo(message);
            assertThat(tx.mailFrom()).isEqualTo("alice@example.com");
            assertThat(tx.recipientAddresses()).containsExactly("bob@example.net");
            assertThat(tx.heloName()).isEqualTo("mta.test.example");
            assertThat(sinks.get(1).messageCount()).isZero();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.ofType("delivered").size() == 1);
            DeliveryEvent e = events.ofType("delivered").get(0);
            assertThat(e.id()).isNotBlank();
            assertThat(e.messageId()).isEqualTo("dots-1@example.com");
            assertThat(e.sender()).isEqualTo("alice@example.com");
            assertThat(e.recipient()).isEqualTo("bob@example.net");
            assertThat(e.domain()).isEqualTo("example.net");
            assertThat(e.mx()).isEqualTo("mx-primary.example.net");
            assertThat(e.ip()).isEqualTo("127.0.0.2");
            assertThat(e.sourceIp()).startsWith("127.");
            assertThat(e.code()).isEqualTo(250);
            assertThat(e.enhancedCode()).isEqualTo("2.0.0");
            assertThat(e.response()).startsWith("250 2.0.0");
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.nextAttempt()).isNull();
            assertThat(e.timestamp()).endsWith("Z");

            await().atMost(Duration.ofSeconds(5)).until(() -> engine.loggedEvents().contains(e));
        }
    }
}
