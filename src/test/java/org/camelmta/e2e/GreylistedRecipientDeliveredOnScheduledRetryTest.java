package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkAction;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A greylisting server (451 the first time it sees a recipient, 250 after) gets the message on
 * the retry, at the time the retry rule scheduled (±1 s), released by Quartz.
 */
class GreylistedRecipientDeliveredOnScheduledRetryTest {

    @TempDir
    Path data;

    @Test
    void deliveredOnTheRetryAtTheScheduledTime() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (Sinks sinks = Sinks.onLoopback(1, b -> b.behaviour(ctx -> ctx.phase() == Phase.RCPT && seen.add(ctx.argument())
                     ? SinkAction.reply(451, "4.7.1 Greylisted, try again in a moment") : SinkAction.proceed()));
             TestEngine engine = TestEngine.builder(data).set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port())
                     .set("mta.retry.rules", "* * F,30s,2s").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "grey@example.net", "grey", "x\r\n"),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "grey@example.net"));

            await().atMost(Duration.ofSeconds(15)).until(() -> !events.ofType("deferred").isEmpty());
            DeliveryEvent deferred = events.ofType("deferred").get(0);
            assertThat(deferred.code()).isEqualTo(451);
            Instant scheduled = Instant.parse(deferred.nextAttempt());
            assertThat(Duration.between(Instant.parse(deferred.timestamp()), scheduled))
                    .isBetween(Duration.ofMillis(900), Duration.ofMillis(2500)); // 2s, in Exim's whole seconds

            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            Instant deliveredAt = sinks.get(0).delivered().get(0).started();
            assertThat(Duration.between(scheduled, deliveredAt).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.ofType("delivered").isEmpty());
            assertThat(events.ofType("delivered").get(0).attempt()).isEqualTo(2);
            assertThat(engine.jms().browse("mta.deferred")).isEmpty();
        }
    }
}
