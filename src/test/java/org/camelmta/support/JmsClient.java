package org.camelmta.support;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.events.EventLog;

/** A plain JMS client on the engine's broker, as an application would use it. */
public final class JmsClient implements AutoCloseable {

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;

    /** Anonymous: for a broker without security. */
    public JmsClient(String brokerUrl) {
        this(brokerUrl, null);
    }

    /** Logged in as {@code login} (null: anonymous). */
    public JmsClient(String brokerUrl, org.camelmta.security.BrokerCredentials login) {
        try {
            factory = login == null ? new ActiveMQConnectionFactory(brokerUrl)
                    : new ActiveMQConnectionFactory(brokerUrl, login.user(), login.password());
            connection = factory.createConnection();
            connection.start();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Submits a message as a BytesMessage with the given string properties; returns nothing. */
    public void send(String queue, byte[] body, Map<String, String> properties) throws JMSException {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            session.createProducer(session.createQueue(queue)).send(m);
            session.commit();
        }
    }

    /** Submits a TextMessage. */
    public void sendText(String queue, String body, Map<String, String> properties) throws JMSException {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            TextMessage m = session.createTextMessage(body);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            session.createProducer(session.createQueue(queue)).send(m);
            session.commit();
        }
    }

    /** The messages waiting on a queue, without taking them. */
    public List<Message> browse(String queue) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            List<Message> result = new ArrayList<>();
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                result.add((Message) e.nextElement());
            }
            return result;
        }
    }

    /** Takes one message off a queue, waiting up to {@code timeout}; null if none came. */
    public Message receive(String queue, Duration timeout) throws JMSException {
        return receive(queue, null, timeout);
    }

    /** Takes one message matching a JMS selector off a queue; null if none came in time. */
    public Message receive(String queue, String selector, Duration timeout) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue q = session.createQueue(queue);
            try (MessageConsumer consumer = session.createConsumer(q, selector)) {
                return consumer.receive(timeout.toMillis());
            }
        }
    }

    /** Starts collecting the events published on {@code mta.events} from now on. */
    public EventCollector subscribeEvents() throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        EventCollector collector = new EventCollector(session);
        session.createConsumer(session.createTopic("mta.events")).setMessageListener(collector::onMessage);
        return collector;
    }

    public static byte[] body(Message m) throws JMSException {
        if (m instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            b.reset();
            return bytes;
        }
        return ((TextMessage) m).getText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
        factory.close();
    }

    /** Events received on the topic, in arrival order. */
    public static final class EventCollector implements AutoCloseable {
        private final Session session;
        private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

        EventCollector(Session session) {
            this.session = session;
        }

        void onMessage(Message m) {
            try {
                events.add(EventLog.fromJson(((TextMessage) m).getText()));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }

        public List<DeliveryEvent> events() {
            return Collections.unmodifiableList(events);
        }

        public List<DeliveryEvent> ofType(String type) {
            return events.stream().filter(e -> e.event().equals(type)).toList();
        }

        /** The events of {@code type} for {@code recipient}, in arrival order. */
        public List<DeliveryEvent> of(String type, String recipient) {
            return events.stream().filter(e -> e.event().equals(type) && e.recipient().equals(recipient)).toList();
        }

        /** Waits up to {@code timeout} for the first event of {@code type} for {@code recipient}, and returns it. */
        public DeliveryEvent await(String type, String recipient, Duration timeout) {
            Awaitility.await().atMost(timeout).until(() -> !of(type, recipient).isEmpty());
            return of(type, recipient).get(0);
        }

        @Override
        public void close() throws JMSException {
            session.close();
        }
    }
}
