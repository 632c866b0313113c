package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.camelmta.support.Mail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.camelmta.support.Unstamped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over AMQP 1.0 (Qpid JMS, as a Java, Python or .NET application would speak it): no anonymous
 * or wrongly authenticated connection; a submitter's message is delivered; each role has only
 * its rights.
 */
class AmqpClientsGetOnlyTheirRolesRightsTest {

    @TempDir
    static Path data;
    static SecuredEngine secured;

    @BeforeAll
    static void start() throws Exception {
        secured = SecuredEngine.start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        secured.close();
    }

    private static Connection connect(BrokerCredentials login) throws JMSException {
        JmsConnectionFactory cf = new JmsConnectionFactory("amqp://127.0.0.1:" + secured.port());
        if (login != null) {
            cf.setUsername(login.user());
            cf.setPassword(login.password());
        }
        Connection c = cf.createConnection();
        c.start();
        return c;
    }

    private static Connection as(BrokerRole role) throws JMSException {
        return connect(secured.login(role));
    }

    @Test
    void anonymousAndWrongPasswordAreRefused() {
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(JMSSecurityException.class);
        BrokerCredentials monitor = secured.login(BrokerRole.MONITOR);
        assertThatThrownBy(() -> connect(new BrokerCredentials(monitor.user(), "not-" + monitor.password())).close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void submitterSubmitsOverAmqpAndTheMailIsDelivered() throws Exception {
        byte[] mail = Mail.simple("amqp@example.com", "amqp@example.org", "over amqp", "sent with AMQP\r\n");
        try (Connection c = as(BrokerRole.SUBMITTER); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = s.createProducer(s.createQueue("mta.submit"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(mail);
            m.setStringProperty("mtaSender", "amqp@example.com");
            m.setStringProperty("mtaRecipients", "amqp@example.org");
            producer.send(m);
        }
        assertThat(secured.sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
        // byte for byte, but for the trace and the Date field the engine adds at submission
        assertThat(Unstamped.bytes(secured.sinks.get(0).delivered().get(0).content())).isEqualTo(mail);
    }

    @Test
    void submitterCannotReadQueuesNorControlTheEngine() throws Exception {
        try (Connection c = as(BrokerRole.SUBMITTER); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertRefused(() -> s.createConsumer(s.createQueue("mta.delivery")));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.deferred")));
            assertRefused(() -> s.createProducer(s.createQueue("mta.control")).send(s.createTextMessage("{}")));
            assertRefused(() -> s.createConsumer(s.createTopic("mta.events")));
        }
    }

    @Test
    void monitorSubscribesToEventsAndCannotSubmit() throws Exception {
        try (Connection c = as(BrokerRole.MONITOR); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            s.createConsumer(s.createTopic("mta.events")).close();
            assertRefused(() -> s.createProducer(s.createQueue("mta.submit")).send(s.createBytesMessage()));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.delivery")));
        }
    }

    @Test
    void operatorSendsControlRequestsAndGetsTheReply() throws Exception {
        try (Connection c = as(BrokerRole.OPERATOR); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var replies = s.createTopic("mta.control.replies");
            var consumer = s.createConsumer(replies);
            var request = s.createTextMessage("{\"verb\":\"queue\"}");
            request.setJMSReplyTo(replies);
            request.setJMSCorrelationID("amqp-1");
            s.createProducer(s.createQueue("mta.control")).send(request);
            var reply = consumer.receive(20_000);
            assertThat(reply).as("the engine's reply, over AMQP").isNotNull();
            assertThat(reply.getBody(String.class)).contains("\"ok\":true");
            assertRefused(() -> s.createProducer(s.createQueue("mta.submit")).send(s.createBytesMessage()));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.dlq")));
        }
    }

    /**
     * Refused by the broker's security: Artemis's AMQP side reports some refusals as
     * unauthorized-access (JMSSecurityException) and others as an internal error naming the
     * missing permission.
     */
    private static void assertRefused(CoreClientsGetOnlyTheirRolesRightsTest.Action action) {
        assertThatThrownBy(action::run).isInstanceOf(JMSException.class)
                .satisfies(e -> assertThat(e instanceof JMSSecurityException
                        || e.getMessage().contains("does not have permission")).as("refused for want of a right: %s", e).isTrue());
    }

    @Test
    void nobodyButTheEngineCreatesAddresses() throws Exception {
        for (BrokerRole role : new BrokerRole[] {BrokerRole.SUBMITTER, BrokerRole.MONITOR, BrokerRole.OPERATOR}) {
            try (Connection c = as(role); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                assertRefused(() -> s.createProducer(s.createQueue("amqp.made.up." + role.roleName()))
                        .send(s.createTextMessage("x")));
                assertRefused(() -> s.createTemporaryQueue());
            }
        }
    }
}
