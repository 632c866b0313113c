package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.support.Cli;
import org.camelmta.support.Mail;
import org.camelmta.support.SinkLedger;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submitter that is not sure its submission arrived (the answer to its commit was lost) sends
 * it again with the same duplicate id ({@code _AMQ_DUPL_ID}, which the CLI sets to the message's
 * id): the broker keeps the first copy only, across restarts, and the mail is delivered once.
 * The CLI says so and succeeds; a JMS client's transacted commit is refused as a duplicate, a
 * non-transacted send is dropped without a word. Without a duplicate id, a second submission is
 * a second message even with the same {@code mtaId}: that id is a label, not a key
 * (docs/reliability.md).
 */
class DuplicateSubmissionsDeliveredOnceTest {

    @TempDir
    Path dir;

    @Test
    void theBrokerKeepsOneCopyPerDuplicateId() throws Exception {
        SinkLedger ledger = new SinkLedger();
        Path eml = dir.resolve("m.eml");
        Files.write(eml, Mail.simple("a@example.com", "x@dup.example", "dup", "x\r\n"));
        try (Sinks sinks = Sinks.onLoopback(1, b -> b.onMessage(ledger))) {
            TestEngine.Builder builder = TestEngine.builder(dir.resolve("engine"))
                    .set("mta.routes.dup.example", "[127.0.0.2]:" + sinks.port());
            try (TestEngine engine = builder.start()) {
                String url = engine.runtime().brokerUrl();
                assertThat(cliSend(url, "cli@dup.example").exit()).isZero();
                Cli.Result again = cliSend(url, "cli@dup.example");
                assertThat(again.exit()).as("a resend is not a failure").isZero();
                assertThat(again.out().strip()).isEqualTo("dup-1");
                assertThat(again.err()).contains("dup-1 was already submitted");

                try (ActiveMQConnectionFactory cf = org.camelmta.support.Brokers.factory(url, engine.login(org.camelmta.security.BrokerRole.SUBMITTER));
                     Connection connection = cf.createConnection()) {
                    sendTransacted(connection, "jms@dup.example", "jms-dup-1");
                    assertThatThrownBy(() -> sendTransacted(connection, "jms@dup.example", "jms-dup-1"))
                            .isInstanceOf(JMSException.class).hasMessageContaining("Duplicate message detected");
                    for (int i = 0; i < 2; i++) {
                        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                            session.createProducer(session.createQueue("mta.submit"))
                                    .send(message(session, "auto@dup.example", "auto-dup-1", null));
                        }
                    }
                    for (int i = 0; i < 2; i++) {
                        sendTransacted(connection, "same-mta-id@dup.example", null, "same-id-1");
                    }
                }
                assertThat(sinks.get(0).awaitMessages(5, Duration.ofSeconds(20))).isTrue();
            }
            try (TestEngine engine = builder.start()) {
                Cli.Result afterRestart = cliSend(engine.runtime().brokerUrl(), "cli@dup.example");
                assertThat(afterRestart.exit()).isZero();
                assertThat(afterRestart.err()).as("the broker remembers across a restart").contains("already submitted");
                Thread.sleep(1_500); // a second copy would arrive within this
            }
            assertThat(ledger.count("cli@dup.example")).isEqualTo(1);
            assertThat(ledger.count("jms@dup.example")).isEqualTo(1);
            assertThat(ledger.count("auto@dup.example")).isEqualTo(1);
            assertThat(ledger.count("same-mta-id@dup.example")).as("mtaId alone deduplicates nothing").isEqualTo(2);
        }
    }

    private Cli.Result cliSend(String url, String to) {
        return Cli.run("send", "--broker", url, "--data-dir", dir.resolve("engine").toString(), "--id", "dup-1", "--to", to, dir.resolve("m.eml").toString());
    }

    private void sendTransacted(Connection connection, String to, String duplicateId) throws Exception {
        sendTransacted(connection, to, duplicateId, null);
    }

    private void sendTransacted(Connection connection, String to, String duplicateId, String mtaId) throws Exception {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            session.createProducer(session.createQueue("mta.submit")).send(message(session, to, duplicateId, mtaId));
            session.commit();
        }
    }

    private BytesMessage message(Session session, String to, String duplicateId, String mtaId) throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(Files.readAllBytes(dir.resolve("m.eml")));
        m.setStringProperty("mtaRecipients", to);
        if (duplicateId != null) {
            m.setStringProperty("_AMQ_DUPL_ID", duplicateId);
        }
        if (mtaId != null) {
            m.setStringProperty("mtaId", mtaId);
        }
        return m;
    }
}
