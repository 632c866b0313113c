package org.camelmta.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.UUID;

/**
 * Sends a {@link ControlRequest} to {@code mta.control} and waits for the reply: the same for one
 * engine, a cluster of them, or camel-mta inside another Camel runtime. Used by the CLI.
 */
public final class ControlClient implements AutoCloseable {

    public static final String QUEUE = "mta.control";

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
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageConsumer consumer = session.createConsumer(replies)) {
                TextMessage m = session.createTextMessage(ControlProcessor.JSON.writeValueAsString(request));
                m.setJMSReplyTo(replies);
                m.setJMSCorrelationID(UUID.randomUUID().toString());
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
            } finally {
                replies.delete();
            }
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
