package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that makes the delivery route throw every time (here: one put straight on
 * mta.delivery without the properties the submit route would have set) is retried by the
 * broker, then moved to mta.dlq as it was with the reason; the engine keeps delivering.
 */
class PoisonMessageTest {

    @TempDir
    Path data;

    @Test
    void failingMessageEndsOnTheDeadLetterQueueWithTheReasonAndAnEvent() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(data).set("mta.routes.*", "[127.0.0.2]:" + sinks.port())
                     .set("mta.poison.attempts", "3").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            byte[] body = Mail.simple("a@example.com", "b@example.net", "poison", "x\r\n");
            engine.jms().send("mta.delivery", body, Map.of("mtaSender", "a@example.com", "poisonCase", "1"));

            Message dead = engine.jms().receive("mta.dlq", Duration.ofSeconds(30));
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty("poisonCase")).isEqualTo("1");
            assertThat(dead.getStringProperty("mtaError")).startsWith("failed 3 times: IllegalArgumentException")
                    .contains("no mtaId property");
            assertThat(JmsClient.body(dead)).isEqualTo(body);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    events.ofType("invalid").stream().anyMatch(e -> e.response().contains("failed 3 times")));
            assertThat(engine.jms().browse("mta.delivery")).isEmpty();

            engine.jms().send("mta.submit", body, Map.of("mtaSender", "a@example.com", "mtaRecipients", "b@example.net"));
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
        }
    }
}
