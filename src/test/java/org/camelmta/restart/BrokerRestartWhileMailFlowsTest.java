package org.camelmta.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.ServiceStatus;
import org.camelmta.loopback.SinkAction;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.SinkLedger;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while mail is being delivered and comes back a few seconds later. The
 * engine does not stop: it reconnects by itself and carries on, every message arrives, no more
 * than the deliveries in flight at the stop arrive twice, and nothing stays queued.
 */
class BrokerRestartWhileMailFlowsTest {

    static final int MESSAGES = 300;
    static final int CONSUMERS = 4;

    @TempDir
    Path dir;

    @Test
    void theEngineReconnectsAndEveryMessageArrives() throws Exception {
        SinkLedger ledger = new SinkLedger();
        // Slow at the final dot (40 ms), so that the flow is still going when the broker stops.
        try (RestartableBroker broker = RestartableBroker.start(dir.resolve("broker"));
             Sinks sinks = Sinks.onLoopback(1, b -> b.keyedRecipients(false).onMessage(ledger)
                     .behaviour(ctx -> pause(ctx.phase() == Phase.DATA_END ? 40 : 0)));
             TestEngine engine = TestEngine.builder(dir.resolve("engine")).externalBroker(broker.url(), broker.login())
                     .set("mta.delivery.consumers", Integer.toString(CONSUMERS))
                     .set("mta.routes.flow.example", "[127.0.0.2]:" + sinks.port()).start()) {
            submitAll(broker.url(), broker.login());
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.distinct() >= 50);

            broker.stop();
            int atStop = ledger.distinct();
            assertThat(atStop).as("mail still flowing when the broker stopped").isLessThan(MESSAGES - 50);
            Thread.sleep(3_000); // the engine is without its broker for a while
            assertThat(engine.app().context().getStatus()).isEqualTo(ServiceStatus.Started);
            int finishedAfterStop = ledger.distinct() - atStop;
            assertThat(finishedAfterStop).as("deliveries finished after the stop").isLessThanOrEqualTo(CONSUMERS);
            broker.restart();

            await().atMost(Duration.ofSeconds(90)).until(() -> ledger.distinct() == MESSAGES);
            assertThat(ledger.missing("r", "flow.example", MESSAGES)).isEmpty();
            assertThat(engine.app().context().getRouteController().getRouteStatus("mta-deliver"))
                    .isEqualTo(ServiceStatus.Started);
            try (JmsClient jms = new JmsClient(broker.url(), broker.login())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> jms.browse("mta.delivery").isEmpty()
                        && jms.browse("mta.submit").isEmpty() && jms.browse("mta.deferred").isEmpty());
                assertThat(jms.browse("mta.dlq")).isEmpty();
                assertThat(jms.browse("mta.invalid")).isEmpty();
            }
            Thread.sleep(1_000); // a late duplicate would show within this
            System.out.printf("%d delivered before the stop, %d finished after it, %d duplicates%n", atStop,
                    finishedAfterStop, ledger.duplicates());
            assertThat(ledger.duplicates()).as("duplicates, at most the deliveries in flight at the stop")
                    .isLessThanOrEqualTo(CONSUMERS);
        }
    }

    /** All the messages in one transaction, so that they are all queued before the first is delivered. */
    private static void submitAll(String url, org.camelmta.security.BrokerCredentials login) throws Exception {
        try (ActiveMQConnectionFactory cf = org.camelmta.support.Brokers.factory(url, login);
             Connection connection = cf.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("mta.submit"));
            for (int i = 0; i < MESSAGES; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(("Subject: flow " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
                m.setStringProperty("mtaSender", "a@sender.example");
                m.setStringProperty("mtaRecipients", "r" + i + "@flow.example");
                producer.send(m);
            }
            session.commit();
        }
    }

    private static SinkAction pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return SinkAction.proceed();
    }
}
