package org.camelmta.restart;

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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deferred mail waits on the broker while the schedule lives in the engine. A broker restart
 * before the retry time changes nothing: the mail goes at its time. A broker that is down at
 * the retry time delays the mail only until it is back (the release that found no broker is
 * made up by the next sweep); nothing is lost and nothing goes twice. The engine runs on
 * throughout.
 */
class DeferredMailKeepsItsScheduleThroughABrokerOutageTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aBrokerRestartBeforeTheRetryTimeLeavesTheScheduleAlone() throws Exception {
        AtomicBoolean accepting = new AtomicBoolean(false);
        try (RestartableBroker broker = RestartableBroker.start(dir.resolve("broker"));
             Sinks sinks = Sinks.onLoopback(1, b -> b.behaviour(greylisting(accepting)));
             TestEngine engine = engine(broker, sinks)) {
            Instant due = deferThree(broker);

            broker.stop();
            Thread.sleep(1_500);
            broker.restart();
            accepting.set(true);
            assertThat(Instant.now()).as("the broker was back before the retry time").isBefore(due.minusSeconds(1));

            assertThat(sinks.get(0).awaitMessages(3, Duration.ofSeconds(30))).isTrue();
            for (SinkTransaction t : sinks.get(0).delivered()) {
                assertThat(Duration.between(due, t.started()).abs()).as("delivered at its retry time")
                        .isLessThanOrEqualTo(Duration.ofMillis(1_500));
            }
            assertNothingLeft(broker, sinks, engine);
        }
    }

    @Test
    @Timeout(60)
    void aBrokerDownAtTheRetryTimeDelaysTheMailUntilItIsBack() throws Exception {
        AtomicBoolean accepting = new AtomicBoolean(false);
        try (RestartableBroker broker = RestartableBroker.start(dir.resolve("broker"));
             Sinks sinks = Sinks.onLoopback(1, b -> b.behaviour(greylisting(accepting)));
             TestEngine engine = engine(broker, sinks)) {
            Instant due = deferThree(broker);
            accepting.set(true);

            broker.stop();
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()) + 2_500);
            assertThat(sinks.get(0).messageCount()).as("nothing can be released without the broker").isZero();
            Instant back = Instant.now();
            broker.restart();

            assertThat(sinks.get(0).awaitMessages(3, Duration.ofSeconds(30))).isTrue();
            for (SinkTransaction t : sinks.get(0).delivered()) {
                assertThat(t.started()).isAfter(back);
                assertThat(Duration.between(back, t.started())).as("soon after the broker is back")
                        .isLessThan(Duration.ofSeconds(15));
            }
            assertNothingLeft(broker, sinks, engine);
        }
    }

    private TestEngine engine(RestartableBroker broker, Sinks sinks) throws Exception {
        return TestEngine.builder(dir.resolve("engine")).externalBroker(broker.url(), broker.login())
                .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port())
                .set("mta.retry.rules", "* * F,1h,6s").set("mta.retry.sweep-interval", "2s").start();
    }

    /** Three messages refused 451 at RCPT; returns the retry time the engine gave them. */
    private static Instant deferThree(RestartableBroker broker) throws Exception {
        try (JmsClient jms = new JmsClient(broker.url(), broker.login()); JmsClient.EventCollector events = jms.subscribeEvents()) {
            for (int i = 0; i < 3; i++) {
                jms.send("mta.submit", Mail.simple("a@example.com", "r@example.net", "outage" + i, "x\r\n"),
                        Map.of("mtaSender", "a@example.com", "mtaRecipients", "r" + i + "@example.net"));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> events.ofType("deferred").size() == 3);
            return events.ofType("deferred").stream().map(e -> Instant.parse(e.nextAttempt()))
                    .max(Instant::compareTo).orElseThrow();
        }
    }

    private static org.camelmta.loopback.SinkBehaviour greylisting(AtomicBoolean accepting) {
        return ctx -> ctx.phase() == Phase.RCPT && !accepting.get()
                ? SinkAction.reply(451, "4.7.1 greylisted, come back later") : SinkAction.proceed();
    }

    private static void assertNothingLeft(RestartableBroker broker, Sinks sinks, TestEngine engine) throws Exception {
        Thread.sleep(1_500); // a duplicate would arrive within this
        List<SinkTransaction> delivered = sinks.get(0).delivered();
        assertThat(delivered).extracting(t -> t.recipientAddresses().get(0))
                .containsExactlyInAnyOrder("r0@example.net", "r1@example.net", "r2@example.net");
        try (JmsClient jms = new JmsClient(broker.url(), broker.login())) {
            assertThat(jms.browse("mta.deferred")).isEmpty();
            assertThat(jms.browse("mta.delivery")).isEmpty();
            assertThat(jms.browse("mta.dlq")).isEmpty();
        }
        assertThat(engine.app().context().getStatus()).isEqualTo(org.apache.camel.ServiceStatus.Started);
    }
}
