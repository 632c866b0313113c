package org.camelmta.retry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.camelmta.submit.MtaHeaders;

/**
 * Deferred mail as it waits on the queue {@code mta.deferred}, and the operations on it, done
 * by the broker itself through Artemis management messages (so they work the same on the
 * embedded broker and on an external one, and move messages server-side, each in a broker
 * transaction, without bringing them into the engine). Requires the broker's management address
 * ({@code activemq.management}) to be open to the engine.
 */
public final class DeferredQueue implements AutoCloseable {

    public static final String QUEUE = "mta.deferred";
    public static final String DELIVERY = "mta.delivery";
    private static final String MANAGEMENT = "activemq.management";
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final int FLUSH_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionFactory factory;
    private Connection connection;

    public DeferredQueue(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** The filter for one destination's mail, due by {@code dueBy} (null: whenever due). */
    public static String filter(String domain, Instant dueBy) {
        StringBuilder f = new StringBuilder();
        if (domain != null) {
            f.append(MtaHeaders.DOMAIN).append(" = '").append(domain.replace("'", "''")).append('\'');
        }
        if (dueBy != null) {
            if (f.length() > 0) {
                f.append(" AND ");
            }
            f.append(MtaHeaders.NEXT_ATTEMPT).append(" <= ").append(dueBy.toEpochMilli());
        }
        return f.toString();
    }

    /** The filter for one message (all of its destinations). */
    public static String messageFilter(String id) {
        return MtaHeaders.ID + " = '" + id.replace("'", "''") + "'";
    }

    /** Moves up to {@code max} matching messages (all when negative) to {@code mta.delivery}. */
    public int release(String filter, int max) {
        return move(filter, DELIVERY, max);
    }

    /** Moves up to {@code max} matching messages (all when negative) to another queue. */
    public int move(String filter, String target, int max) {
        return ((Number) invoke(QUEUE, "moveMessages", FLUSH_LIMIT, filter, target, false, max < 0 ? -1 : max)).intValue();
    }

    /** Deletes the matching messages; returns how many. */
    public int remove(String filter) {
        return ((Number) invoke(QUEUE, "removeMessages", FLUSH_LIMIT, filter)).intValue();
    }

    public long count(String filter) {
        return ((Number) invoke(QUEUE, "countMessages", filter)).longValue();
    }

    /** How many messages wait on any queue of the broker. */
    public long depth(String queue) {
        return ((Number) invoke(queue, "countMessages")).longValue();
    }

    /** How many matching messages there are per value of {@code property}. */
    public Map<String, Long> countBy(String filter, String property) {
        String json = (String) invoke(QUEUE, "countMessages", filter, property);
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Long>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable countMessages answer: " + json, e);
        }
    }

    /** The matching messages' properties (and broker fields), without their bodies. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String filter) {
        Object[] result = (Object[]) invoke(QUEUE, "listMessages", filter);
        return Arrays.stream(result).map(o -> (Map<String, Object>) o).toList();
    }

    private synchronized Object invoke(String queue, String operation, Object... args) {
        try {
            if (connection == null) {
                connection = factory.createConnection();
                connection.start();
            }
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                TemporaryQueue replies = session.createTemporaryQueue();
                try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT));
                     MessageConsumer consumer = session.createConsumer(replies)) {
                    Message request = session.createMessage();
                    JMSManagementHelper.putOperationInvocation(request, "queue." + queue, operation, args);
                    request.setJMSReplyTo(replies);
                    producer.send(request);
                    Message reply = consumer.receive(REPLY_TIMEOUT.toMillis());
                    if (reply == null) {
                        throw new IllegalStateException("the broker did not answer " + operation + " on " + queue);
                    }
                    Object result = JMSManagementHelper.getResult(reply);
                    if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                        throw new IllegalStateException(operation + " on " + queue + " failed: " + result);
                    }
                    return result;
                } finally {
                    replies.delete();
                }
            }
        } catch (JMSException e) {
            closeConnection();
            throw new IllegalStateException("cannot reach the broker's management address: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(operation + " on " + queue + ": " + e.getMessage(), e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // reconnecting on the next call is all that matters
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
