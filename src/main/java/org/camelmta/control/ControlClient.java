package org.camelmta.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.UUID;

/**
 * Sends a {@link ControlRequest} to {@code mta.control} and waits for the reply: the same for one
 * engine, a cluster of them, or camel-mta inside another Camel runtime. Used by the CLI.
 *
 * <p>Replies come on the topic {@code mta.control.replies}, which the broker defines, to a
 * subscription that takes only this request's correlation id. A temporary queue would need the
 * right to create addresses, which only the engine has (docs/security.md); a subscription on an
 * existing address needs only the operator's right to create non-durable queues there.
 */
public final class ControlClient implements AutoCloseable {

    public static final String QUEUE = "mta.control";
    /** The topic the engine replies on (any JMSReplyTo works; this is the one operators may read). */
    public static final String REPLIES = "mta.control.replies";

    private final Connection connection;
    private final Duration timeout;

    public ControlClient(ConnectionFactory factory, Duration timeout) throws JMSException {
        this.connection = factory.createConnection();
        this.connection.start();
        this.timeout = timeout;
    }

    /** Sends the request; null when no engine answered in time. */
    public ControlReply call(ControlRequest request) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Topic replies = session.createTopic(REPLIES);
            String correlation = UUID.randomUUID().toString();
            // subscribed before the request goes out: a topic keeps nothing for later subscribers
            try (MessageConsumer consumer = session.createConsumer(replies, "JMSCorrelationID = '" + correlation + "'")) {
                TextMessage m = session.createTextMessage(ControlProcessor.JSON.writeValueAsString(request));
                m.setJMSReplyTo(replies);
                m.setJMSCorrelationID(correlation);
                var producer = session.createProducer(session.createQueue(QUEUE));
                producer.setTimeToLive(timeout.toMillis()); // an engine that is down must not act on it later
                producer.send(m);
                Message reply = consumer.receive(timeout.toMillis());
                if (reply == null) {
                    return null;
                }
                return ControlProcessor.JSON.readValue(((TextMessage) reply).getText(), ControlReply.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable reply from the engine: " + e.getOriginalMessage(), e);
            }
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
