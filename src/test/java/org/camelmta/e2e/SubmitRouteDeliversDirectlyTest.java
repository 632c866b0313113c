package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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
 * {@code mta.submit.deliver-directly}: the submit route makes a single-domain submission's first
 * attempt itself, so it is delivered even while nothing consumes {@code mta.delivery}. A
 * submission for two domains is still split onto {@code mta.delivery}, and a deferred recipient
 * is parked on {@code mta.deferred} and retried through {@code mta.delivery}, as without the
 * setting. Without it, the same single-domain submission waits on {@code mta.delivery}.
 */
class SubmitRouteDeliversDirectlyTest {

    private static final String DELIVERY_ROUTE = "mta-deliver";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void singleDomainMailIsDeliveredBySubmitRouteAndTheRestAsBefore() throws Exception {
        Set<String> greylisted = ConcurrentHashMap.newKeySet();
        try (Sinks sinks = Sinks.eachOnLoopback(3, (i, b) -> i != 2 ? b : b.behaviour(ctx ->
                     ctx.phase() == Phase.RCPT && greylisted.add(ctx.argument())
                             ? SinkAction.reply(451, "4.7.1 Greylisted, try again in a moment") : SinkAction.proceed()));
             TestEngine engine = engine(sinks, true);
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.app().context().getRouteController().stopRoute(DELIVERY_ROUTE);

            submit(engine, "r@one.example");
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(15))).as("delivered by the submit route").isTrue();
            DeliveryEvent delivered = events.await("delivered", "r@one.example", TIMEOUT);
            assertThat(delivered.attempt()).isEqualTo(1);
            assertThat(delivered.ip()).isEqualTo("127.0.0.2");

            // Two domains: split onto mta.delivery, where (with its route stopped) both parts wait.
            submit(engine, "x@one.example,y@two.example");
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.jms().browse("mta.delivery").size() == 2);

            // Deferred on the submit route's attempt: parked for its retry like any other.
            submit(engine, "g@grey.example");
            assertThat(events.await("deferred", "g@grey.example", TIMEOUT).code()).isEqualTo(451);
            assertThat(engine.jms().browse("mta.deferred")).hasSize(1);
            assertThat(sinks.get(0).messageCount()).isEqualTo(1);
            assertThat(sinks.get(1).messageCount()).isZero();

            engine.app().context().getRouteController().startRoute(DELIVERY_ROUTE);
            events.await("delivered", "x@one.example", TIMEOUT);
            events.await("delivered", "y@two.example", TIMEOUT);
            assertThat(events.await("delivered", "g@grey.example", TIMEOUT).attempt()).isEqualTo(2);
            assertThat(sinks.get(0).messageCount()).isEqualTo(2);
            assertThat(sinks.get(1).messageCount()).isEqualTo(1);
            assertThat(sinks.get(2).messageCount()).isEqualTo(1);
            assertThat(events.ofType("bounced")).isEmpty();
            assertThat(engine.jms().browse("mta.delivery")).isEmpty();
            assertThat(engine.jms().browse("mta.deferred")).isEmpty();
        }
    }

    @Test
    void withoutTheSettingSingleDomainMailWaitsOnMtaDelivery() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(3, (i, b) -> b);
             TestEngine engine = engine(sinks, false);
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.app().context().getRouteController().stopRoute(DELIVERY_ROUTE);

            submit(engine, "r@one.example");
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.jms().browse("mta.delivery").size() == 1);
            assertThat(sinks.get(0).messageCount()).isZero();

            engine.app().context().getRouteController().startRoute(DELIVERY_ROUTE);
            assertThat(events.await("delivered", "r@one.example", TIMEOUT).attempt()).isEqualTo(1);
            assertThat(sinks.get(0).messageCount()).isEqualTo(1);
        }
    }

    private TestEngine engine(Sinks sinks, boolean deliverDirectly) throws Exception {
        return TestEngine.builder(data)
                .set("mta.submit.deliver-directly", String.valueOf(deliverDirectly))
                .quickRetries()
                .set("mta.routes.one.example", "[127.0.0.2]:" + sinks.port())
                .set("mta.routes.two.example", "[127.0.0.3]:" + sinks.port())
                .set("mta.routes.grey.example", "[127.0.0.4]:" + sinks.port())
                .start();
    }

    private static void submit(TestEngine engine, String recipients) throws Exception {
        engine.jms().send("mta.submit", Mail.simple("a@example.com", recipients, "direct", "x\r\n"),
                Map.of("mtaSender", "a@example.com", "mtaRecipients", recipients));
    }
}
