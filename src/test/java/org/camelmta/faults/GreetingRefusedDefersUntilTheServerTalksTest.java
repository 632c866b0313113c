package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkAction;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that greets with 421 (busy) or 554 (will not talk to us) has said nothing about the
 * recipients: the mail is deferred (the 554 as Postfix words it, "refused to talk to me: 554 ...",
 * under a 451), with the server's words in the event and on mta.deferred, never bounced; once the server greets with 220, the retry delivers it, once.
 */
class GreetingRefusedDefersUntilTheServerTalksTest {

    @TempDir
    Path data;

    @Test
    void deferredWhileRefusedThenDeliveredOnce() throws Exception {
        AtomicBoolean refusing = new AtomicBoolean(true);
        try (Sinks sinks = Sinks.eachOnLoopback(2, (i, b) -> b.behaviour(ctx -> ctx.phase() == Phase.GREETING && refusing.get()
                     ? (i == 0 ? SinkAction.reply(421, "4.3.2 too busy, try later") : SinkAction.reply(554, "5.7.1 no thanks"))
                     : SinkAction.proceed()));
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.busy.example", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.unwilling.example", "[127.0.0.3]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@busy.example", "greeting421");
            Scenario.submit(engine, "a@example.com", "r@unwilling.example", "greeting554");

            DeliveryEvent busy = events.await("deferred", "r@busy.example", Duration.ofSeconds(15));
            assertThat(busy.code()).isEqualTo(421);
            assertThat(busy.response()).contains("too busy, try later");
            DeliveryEvent unwilling = events.await("deferred", "r@unwilling.example", Duration.ofSeconds(15));
            // A 5xx greeting is about the host, not the recipient: Postfix's words, as a temporary failure.
            assertThat(unwilling.code()).isEqualTo(451);
            assertThat(unwilling.response()).contains("refused to talk to me: 554 5.7.1 no thanks");
            assertThat(engine.jms().browse("mta.deferred")).hasSize(2)
                    .allSatisfy(m -> assertThat(m.getStringProperty("mtaLastError")).isNotBlank());

            refusing.set(false);
            events.await("delivered", "r@busy.example", Duration.ofSeconds(20));
            events.await("delivered", "r@unwilling.example", Duration.ofSeconds(20));
            assertThat(events.ofType("bounced")).isEmpty();
            assertThat(sinks.get(0).messageCount()).isEqualTo(1);
            assertThat(sinks.get(1).messageCount()).isEqualTo(1);
        }
    }
}
