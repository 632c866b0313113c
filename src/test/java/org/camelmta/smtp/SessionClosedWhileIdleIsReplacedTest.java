package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.camelmta.smtp.DeliveryFixtures.deliverer;
import static org.camelmta.smtp.DeliveryFixtures.hop;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.message;
import static org.camelmta.smtp.DeliveryFixtures.options;
import static org.camelmta.smtp.DeliveryFixtures.plan;

import java.time.Duration;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkFault;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cached connection the server closed while it idled is replaced by a new one to the same
 * host, and the message is delivered as if nothing happened: no recipient carries the dead
 * connection's failure, the report lists no failed attempt (so no host retry hint follows),
 * and the reconnect strategy is not consulted (TerminateSession would otherwise defer).
 */
class SessionClosedWhileIdleIsReplacedTest {

    private SmtpSink sink;
    private SmtpDeliverer deliverer;

    @AfterEach
    void stop() {
        if (deliverer != null) {
            deliverer.cache().close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void serverIdleTimeoutWith421() throws Exception {
        start(b -> b.idleTimeout(Duration.ofMillis(300)));
        ConnectionPlan plan = plan(hop(sink));
        assertThat(deliverer.deliver(plan, message("one"), options(ReconnectStrategy.TERMINATE_SESSION)).delivered()).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(0).isOpen());

        DeliveryReport second = deliverer.deliver(plan, message("two"), options(ReconnectStrategy.TERMINATE_SESSION));

        assertDeliveredOnAFreshConnection(second);
        assertThat(sink.connectionCount()).isEqualTo(2);
        assertThat(deliverer.cache().stats().hits()).isZero();
        assertThat(deliverer.cache().stats().evictions()).isEqualTo(1);
    }

    /**
     * The RSET travels at the head of the next message's pipelined commands, so the session is
     * handed out before it shows itself dead: the report lists it, reused and not failed, then
     * the fresh connection that carried the message.
     */
    @Test
    void connectionDroppedSilentlyFoundByThePipelinedRset() throws Exception {
        start(b -> b.fault(SinkFault.at(org.camelmta.smtp.Phase.RSET, SinkAction.close()).onConnection(0)));

        DeliveryReport second = deliverTwoSecondAfterTheRsetFault();

        assertThat(second.connections()).extracting(ConnectionAttempt::reused, ConnectionAttempt::isFailure)
                .containsExactly(tuple(true, false), tuple(false, false));
    }

    /**
     * Metrics read the hit count at any moment, so it must never go up for a session that then
     * turns out dead and come down again (Prometheus reads a falling counter as a restart): read
     * at every phase of the delivery, it stays 0 until a reused session is given back alive.
     */
    @Test
    void theHitCountNeverCountsASessionThatTurnsOutDead() throws Exception {
        sink = SmtpSink.builder().fault(SinkFault.at(Phase.RSET, SinkAction.close()).onConnection(0)).start();
        java.util.List<Long> hitsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConnectionCache cache = new ConnectionCache(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(5)),
                java.time.Clock.systemUTC());
        deliverer = new SmtpDeliverer(cache, new DestinationLimiter(0), SmtpDeliverer.DEFAULT_SLOT_WAIT,
                (phase, took, ok) -> hitsSeen.add(cache.stats().hits()));
        ConnectionPlan plan = plan(hop(sink));
        assertThat(deliverer.deliver(plan, message("one"), options(ReconnectStrategy.TERMINATE_SESSION)).delivered()).hasSize(1);
        hitsSeen.clear();

        DeliveryReport second = deliverer.deliver(plan, message("two"), options(ReconnectStrategy.TERMINATE_SESSION));

        assertThat(second.delivered()).hasSize(1);
        assertThat(hitsSeen).as("hits read during the second delivery").isNotEmpty().containsOnly(0L);
        assertThat(cache.stats().hits()).isZero();
        assertThat(cache.stats().evictions()).isEqualTo(1);

        // A third message reuses the fresh connection: a hit, counted when it is given back.
        hitsSeen.clear();
        assertThat(deliverer.deliver(plan, message("three"), options(ReconnectStrategy.TERMINATE_SESSION)).delivered()).hasSize(1);
        assertThat(hitsSeen).containsOnly(0L);
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    /** A server without PIPELINING answers the RSET before the session is handed out at all. */
    @Test
    void connectionDroppedSilentlyFoundByAnRsetOfItsOwn() throws Exception {
        start(b -> b.without("PIPELINING").fault(SinkFault.at(org.camelmta.smtp.Phase.RSET, SinkAction.close()).onConnection(0)));

        DeliveryReport second = deliverTwoSecondAfterTheRsetFault();

        assertThat(second.connections()).singleElement().satisfies(a -> {
            assertThat(a.reused()).isFalse();
            assertThat(a.isFailure()).isFalse();
        });
    }

    /** A server that refuses the RSET is not trusted with the message either: a fresh connection takes it. */
    @Test
    void rsetRefusedIsTreatedAsADeadSession() throws Exception {
        start(b -> b.fault(SinkFault.at(org.camelmta.smtp.Phase.RSET, SinkAction.reply(503, "5.5.1 not now")).onConnection(0)));

        DeliveryReport second = deliverTwoSecondAfterTheRsetFault();

        assertThat(second.connections()).extracting(ConnectionAttempt::reused, ConnectionAttempt::isFailure)
                .containsExactly(tuple(true, false), tuple(false, false));
    }

    private DeliveryReport deliverTwoSecondAfterTheRsetFault() {
        ConnectionPlan plan = plan(hop(sink));
        assertThat(deliverer.deliver(plan, message("one"), options(ReconnectStrategy.TERMINATE_SESSION)).delivered()).hasSize(1);

        DeliveryReport second = deliverer.deliver(plan, message("two"), options(ReconnectStrategy.TERMINATE_SESSION));

        assertThat(second.transientFailures()).isEmpty();
        assertThat(second.delivered()).singleElement().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(Phase.DATA_END);
            assertThat(r.reply().code()).isEqualTo(250);
        });
        assertThat(sink.connectionCount()).isEqualTo(2);
        assertThat(sink.delivered()).extracting(t -> t.connectionIndex()).containsExactly(0, 1);
        assertThat(deliverer.cache().stats().evictions()).isEqualTo(1);
        assertThat(deliverer.cache().stats().hits()).isZero();
        return second;
    }

    @Test
    void connectionLostAtTheFirstCommandAfterAnAnsweredRset() throws Exception {
        start(b -> b.behaviour(c -> c.phase() == Phase.MAIL && c.connectionIndex() == 0 && c.messageIndex() == 1
                ? SinkAction.close() : SinkAction.proceed()));
        ConnectionPlan plan = plan(hop(sink));
        assertThat(deliverer.deliver(plan, message("one"), options(ReconnectStrategy.TERMINATE_SESSION)).delivered()).hasSize(1);

        DeliveryReport second = deliverer.deliver(plan, message("two"), options(ReconnectStrategy.TERMINATE_SESSION));

        assertThat(second.delivered()).singleElement().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(Phase.DATA_END);
            assertThat(r.cause()).isEqualTo(Cause.REPLY);
            assertThat(r.reply().code()).isEqualTo(250);
        });
        assertThat(second.connections()).extracting(ConnectionAttempt::reused, ConnectionAttempt::isFailure)
                .containsExactly(tuple(true, false),
                        tuple(false, false));
        assertThat(sink.delivered()).extracting(t -> t.connectionIndex()).containsExactly(0, 1);
    }

    private void assertDeliveredOnAFreshConnection(DeliveryReport report) {
        assertThat(report.transientFailures()).isEmpty();
        assertThat(report.delivered()).singleElement().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(Phase.DATA_END);
            assertThat(r.cause()).isEqualTo(Cause.REPLY);
            assertThat(r.reply().code()).isEqualTo(250);
        });
        assertThat(report.connections()).singleElement().satisfies(a -> {
            assertThat(a.reused()).isFalse();
            assertThat(a.isFailure()).isFalse();
        });
    }

    private void start(java.util.function.UnaryOperator<SinkBuilder> configure) throws Exception {
        sink = configure.apply(SmtpSink.builder()).start();
        deliverer = deliverer(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(5)));
    }
}
