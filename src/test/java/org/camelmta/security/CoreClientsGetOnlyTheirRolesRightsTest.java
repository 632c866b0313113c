package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.control.ControlClient;
import org.camelmta.control.ControlReply;
import org.camelmta.control.ControlRequest;
import org.camelmta.support.Mail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over CORE (the Artemis JMS client), against the engine as shipped: no anonymous or wrongly
 * authenticated connection, and each role can do exactly what docs/security.md says.
 */
class CoreClientsGetOnlyTheirRolesRightsTest {

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
        ActiveMQConnectionFactory cf = login == null ? new ActiveMQConnectionFactory(secured.engine.runtime().brokerUrl())
                : new ActiveMQConnectionFactory(secured.engine.runtime().brokerUrl(), login.user(), login.password());
        cf.setInitialConnectAttempts(1);
        cf.setReconnectAttempts(0);
        return cf.createConnection();
    }

    private static Connection as(BrokerRole role) throws JMSException {
        return connect(secured.login(role));
    }

    @Test
    void anonymousAndWrongPasswordAreRefused() {
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(JMSSecurityException.class);
        BrokerCredentials submitter = secured.login(BrokerRole.SUBMITTER);
        assertThatThrownBy(() -> connect(new BrokerCredentials(submitter.user(), submitter.password() + "x")).close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void submitterSendsToMtaSubmitAndNothingElse() throws Exception {
        try (Connection c = as(BrokerRole.SUBMITTER); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var m = s.createBytesMessage();
            m.writeBytes(Mail.simple("a@example.com", "core@example.org", "core", "x\r\n"));
            m.setStringProperty("mtaSender", "a@example.com");
            m.setStringProperty("mtaRecipients", "core@example.org");
            s.createProducer(s.createQueue("mta.submit")).send(m);
            assertThat(secured.sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();

            assertRefused(() -> s.createConsumer(s.createQueue("mta.delivery")));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.deferred")));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.submit")));
            assertRefused(() -> s.createBrowser(s.createQueue("mta.submit")).getEnumeration());
            assertRefused(() -> s.createProducer(s.createQueue("mta.control")).send(s.createTextMessage("{}")));
            assertRefused(() -> s.createConsumer(s.createTopic("mta.events")));
        }
    }

    @Test
    void monitorSubscribesToEventsDurablyOrNotAndNothingElse() throws Exception {
        try (Connection c = as(BrokerRole.MONITOR)) {
            c.setClientID("monitor-core");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer live = s.createConsumer(s.createTopic("mta.events"));
            MessageConsumer durable = s.createDurableSubscriber(s.createTopic("mta.events"), "core-durable");
            live.close();
            durable.close();
            s.unsubscribe("core-durable");

            assertRefused(() -> s.createProducer(s.createQueue("mta.submit")).send(s.createBytesMessage()));
            assertRefused(() -> s.createProducer(s.createQueue("mta.control")).send(s.createTextMessage("{}")));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.delivery")));
            assertRefused(() -> s.createProducer(s.createTopic("mta.events")).send(s.createTextMessage("{}")));
        }
    }

    @Test
    void operatorControlsTheEngineAndFollowsEventsButSubmitsNothing() throws Exception {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(secured.engine.runtime().brokerUrl(),
                secured.login(BrokerRole.OPERATOR).user(), secured.login(BrokerRole.OPERATOR).password());
             ControlClient control = new ControlClient(cf, Duration.ofSeconds(20))) {
            ControlReply reply = control.call(ControlRequest.of("queue"));
            assertThat(reply).as("the engine's reply reaches the operator").isNotNull();
            assertThat(reply.ok()).isTrue();
        }
        try (Connection c = as(BrokerRole.OPERATOR); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            s.createConsumer(s.createTopic("mta.events")).close();
            assertRefused(() -> s.createProducer(s.createQueue("mta.submit")).send(s.createBytesMessage()));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.delivery")));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.control")));
            assertRefused(() -> s.createConsumer(s.createQueue("mta.dlq")));
            assertRefused(() -> s.createTemporaryQueue());
        }
    }

    @Test
    void onlyTheEngineCreatesAddresses() throws Exception {
        for (BrokerRole role : new BrokerRole[] {BrokerRole.SUBMITTER, BrokerRole.MONITOR, BrokerRole.OPERATOR}) {
            try (Connection c = as(role); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                assertRefused(() -> s.createProducer(s.createQueue("made.up." + role.roleName())).send(s.createTextMessage("x")));
                assertRefused(() -> s.createConsumer(s.createTopic("made.up.topic." + role.roleName())));
            }
        }
        assertThat(secured.engine.runtime().broker().broker().getActiveMQServer().getAddressInfo(
                org.apache.activemq.artemis.api.core.SimpleString.of("made.up.submitter"))).isNull();
        try (Connection c = as(BrokerRole.ENGINE); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            s.createProducer(s.createQueue("made.up.by.engine")).send(s.createTextMessage("x"));
        }
    }

    interface Action {
        void run() throws Exception;
    }

    static void assertRefused(Action action) {
        assertThatThrownBy(action::run).isInstanceOf(JMSSecurityException.class);
    }
}
