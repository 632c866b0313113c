package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.JmsClient;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that has already passed through as many relays as Postfix allows (hopcount_limit,
 * 50 Received fields, ours counted) is in a mail loop: it bounces with 554 5.4.6 and a notice to
 * the sender, and the destination is never connected to. One hop fewer is delivered.
 */
class TooManyReceivedFieldsBounceAsALoopTest {

    @TempDir
    Path data;

    @Test
    void aMessageOverTheHopCountBouncesUnsent() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.example.com", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.example.net", "[127.0.0.3]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", withReceived(50, "looping"),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "r@example.net"));

            DeliveryEvent bounced = events.await("bounced", "r@example.net", Duration.ofSeconds(15));
            assertThat(bounced.code()).isEqualTo(554);
            assertThat(bounced.enhancedCode()).isEqualTo("5.4.6");
            assertThat(bounced.response()).contains("mail loop").contains("51 Received").contains("mta.hopcount-limit");
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            assertThat(ParsedNotice.parse(sinks.get(0).delivered().get(0).content()).recipient(0))
                    .containsEntry("Status", "5.4.6");
            assertThat(sinks.get(1).connectionCount()).isZero();

            engine.jms().send("mta.submit", withReceived(49, "lastHop"),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "r@example.net"));
            assertThat(sinks.get(1).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            assertThat(sinks.get(1).delivered().get(0).contentAsString().split("\r\nReceived: ", -1)).hasSize(50);
        }
    }

    private static byte[] withReceived(int count, String subject) {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < count; i++) {
            m.append("Received: from relay").append(i).append(".example by relay").append(i + 1)
                    .append(".example with ESMTP id X").append(i).append(";\r\n\tTue, 8 Dec 2026 01:00:00 +0000\r\n");
        }
        m.append("From: a@example.com\r\nTo: r@example.net\r\nSubject: ").append(subject)
                .append("\r\nMessage-ID: <").append(subject).append("@faults.example>\r\n\r\nbody\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }
}
