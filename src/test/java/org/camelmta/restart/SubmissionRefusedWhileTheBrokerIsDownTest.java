package org.camelmta.restart;

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
import org.camelmta.cli.ExitCodes;
import org.camelmta.support.Cli;
import org.camelmta.support.Mail;
import org.camelmta.support.SinkLedger;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission is accepted only once the broker has it on disk: the commit of the
 * submitter's send is that acknowledgement. While the broker is down the submitter is told so,
 * the CLI with exit code 69 and a JMS client with an exception, and a send whose commit fails
 * because the broker went away is not delivered later either: it was never accepted, so the
 * submitter, who was told, is the one to send it again.
 */
class SubmissionRefusedWhileTheBrokerIsDownTest {

    @TempDir
    Path dir;

    @Test
    void theSubmitterIsToldAndOnlyWhatWasCommittedIsDelivered() throws Exception {
        SinkLedger ledger = new SinkLedger();
        Path eml = dir.resolve("m.eml");
        Files.write(eml, Mail.simple("a@example.com", "x@down.example", "down", "x\r\n"));
        try (RestartableBroker broker = RestartableBroker.start(dir.resolve("broker"));
             Sinks sinks = Sinks.onLoopback(1, b -> b.onMessage(ledger));
             TestEngine engine = TestEngine.builder(dir.resolve("engine")).externalBroker(broker.url(), broker.login())
                     .set("mta.routes.down.example", "[127.0.0.2]:" + sinks.port()).start()) {
            // A send the broker goes away under before its commit.
            try (ActiveMQConnectionFactory cf = org.camelmta.support.Brokers.factory(broker.url(), broker.login());
                 Connection connection = cf.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(Files.readAllBytes(eml));
                m.setStringProperty("mtaSender", "a@example.com");
                m.setStringProperty("mtaRecipients", "uncommitted@down.example");
                session.createProducer(session.createQueue("mta.submit")).send(m);
                broker.stop();
                assertThatThrownBy(session::commit).as("the commit fails, so the submitter knows")
                        .isInstanceOf(JMSException.class);
            }

            // While it is down: the CLI and a JMS client are refused.
            Cli.Result refused = Cli.run("send", "--broker", broker.url(), "--data-dir", dir.resolve("broker").toString(), "--from", "a@example.com",
                    "--to", "refused@down.example", eml.toString());
            assertThat(refused.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(refused.err()).contains("cannot submit to " + broker.url());
            try (ActiveMQConnectionFactory cf = org.camelmta.support.Brokers.factory(broker.url(), broker.login())) {
                assertThatThrownBy(cf::createConnection).isInstanceOf(JMSException.class);
            }

            broker.restart();
            // Once it is back the engine, which ran on, takes what is submitted now.
            assertThat(Cli.run("send", "--broker", broker.url(), "--data-dir", dir.resolve("broker").toString(), "--from", "a@example.com",
                    "--to", "accepted@down.example", eml.toString()).exit()).isZero();
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(30))).isTrue();
            Thread.sleep(1_500); // anything else would arrive within this
            assertThat(ledger.count("accepted@down.example")).isEqualTo(1);
            assertThat(ledger.count("uncommitted@down.example")).as("never accepted, never sent").isZero();
            assertThat(ledger.count("refused@down.example")).isZero();
            assertThat(ledger.distinct()).isEqualTo(1);
        }
    }
}
