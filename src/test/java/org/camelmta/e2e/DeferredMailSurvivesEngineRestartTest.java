package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deferred mail, its retry schedule and its hints survive a stop of the engine and of its
 * embedded broker: after the restart each message is delivered once, at its original time.
 */
class DeferredMailSurvivesEngineRestartTest {

    @TempDir
    Path data;

    @Test
    void retriesHappenAtTheirOriginalTimesAfterARestart() throws Exception {
        AtomicBoolean accepting = new AtomicBoolean(false);
        try (Sinks sinks = Sinks.onLoopback(1, b -> b.behaviour(ctx -> ctx.phase() == Phase.RCPT && !accepting.get()
                ? SinkAction.reply(451, "4.3.2 not now") : SinkAction.proceed()))) {
            Instant scheduled;
            TestEngine.Builder builder = TestEngine.builder(data)
                    .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port())
                    .set("mta.retry.rules", "* * F,1h,6s");
            try (TestEngine engine = builder.start(); JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
                for (int i = 0; i < 3; i++) {
                    engine.jms().send("mta.submit", Mail.simple("a@example.com", "r@example.net", "restart" + i, "x\r\n"),
                            Map.of("mtaSender", "a@example.com", "mtaRecipients", "r" + i + "@example.net"));
                }
                await().atMost(Duration.ofSeconds(15)).until(() -> events.ofType("deferred").size() == 3);
                scheduled = events.ofType("deferred").stream().map(e -> Instant.parse(e.nextAttempt()))
                        .max(Instant::compareTo).orElseThrow();
            }
            accepting.set(true);
            assertThat(Instant.now()).as("restarting before the retry is due").isBefore(scheduled.minusSeconds(1));

            try (TestEngine engine = builder.start()) {
                assertThat(sinks.get(0).awaitMessages(3, Duration.ofSeconds(20))).isTrue();
                Thread.sleep(1_500); // a duplicate would arrive within this
                List<SinkTransaction> delivered = sinks.get(0).delivered();
                assertThat(delivered).hasSize(3);
                assertThat(delivered).extracting(t -> t.recipientAddresses().get(0))
                        .containsExactlyInAnyOrder("r0@example.net", "r1@example.net", "r2@example.net");
                for (SinkTransaction t : delivered) {
                    assertThat(Duration.between(scheduled, t.started()).abs()).isLessThanOrEqualTo(Duration.ofMillis(1500));
                }
                assertThat(engine.jms().browse("mta.deferred")).isEmpty();
                assertThat(engine.jms().browse("mta.delivery")).isEmpty();
            }
        }
    }
}
