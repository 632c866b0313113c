package org.camelmta.metrics;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.config.Durations;
import org.camelmta.retry.DeferredQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the broker, off the delivery path, whether it can be reached (a JMS connection and
 * session are opened and closed) and how many messages wait on each of camel-mta's queues
 * (Artemis management messages, through {@link DeferredQueue}). Uses a connection factory of
 * its own that gives up at once: the engine's factory reconnects for ever, which is right for
 * the routes and wrong for a check, which must answer.
 *
 * <p>A probe answers within twice the check timeout whatever the client library does: a cut
 * network can hold a connection's close in Artemis' failover handling for several call
 * timeouts in a row, and a check that cannot answer would only show as stale.
 */
public final class BrokerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

    /** The queues whose depth is reported. */
    public static final List<String> QUEUES = List.of("mta.submit", "mta.delivery", "mta.deferred", "mta.invalid",
            "mta.dlq");

    private final ConnectionFactory factory;
    private final DeferredQueue management;
    private final Clock clock;
    private final Map<String, Double> depths = new ConcurrentHashMap<>();
    private final Duration deadline;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mta-broker-probe");
        t.setDaemon(true);
        return t;
    });
    private Future<CheckResult> probing;

    /**
     * @param factory the connection factory to probe with ({@link #failFast})
     * @param timeout the check timeout: a probe gives its answer within twice this
     */
    public BrokerWatch(ConnectionFactory factory, Duration timeout, Clock clock) {
        this.factory = factory;
        this.management = new DeferredQueue(factory);
        this.deadline = timeout.multipliedBy(2);
        this.clock = clock;
    }

    /**
     * A factory for the broker at {@code url} that fails within about {@code timeout} instead of
     * retrying: one connect attempt, no reconnection, calls bounded by the timeout.
     */
    public static ActiveMQConnectionFactory failFast(String url, String user, String password, Duration timeout) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url, user, password);
        cf.setInitialConnectAttempts(1);
        cf.setReconnectAttempts(0);
        cf.setCallTimeout(timeout.toMillis());
        cf.setCallFailoverTimeout(timeout.toMillis());
        return cf;
    }

    /**
     * Opens and closes a connection and a session: can the engine reach the broker now? A probe
     * still running from an earlier call is waited for rather than doubled.
     */
    public CheckResult probe() {
        Future<CheckResult> running;
        synchronized (this) {
            if (probing == null || probing.isDone()) {
                probing = prober.submit(this::connectOnce);
            }
            running = probing;
        }
        try {
            return running.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CheckResult.down("cannot connect to the broker: no answer within " + Durations.format(deadline),
                    clock.instant());
        } catch (ExecutionException e) {
            return CheckResult.down("cannot connect to the broker: " + message(e.getCause()), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("cannot connect to the broker: the check was interrupted", clock.instant());
        }
    }

    private CheckResult connectOnce() {
        try (Connection c = factory.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            return CheckResult.up("connected", clock.instant());
        } catch (JMSException | RuntimeException e) {
            return CheckResult.down("cannot connect to the broker: " + message(e), clock.instant());
        }
    }

    /**
     * Reads every queue's depth again. A queue that cannot be read (the broker is away, or it
     * has no such queue) reads NaN until it can.
     */
    public void refreshDepths() {
        for (String queue : QUEUES) {
            try {
                depths.put(queue, (double) management.depth(queue));
            } catch (RuntimeException e) {
                depths.put(queue, Double.NaN);
                LOG.debug("cannot read the depth of {}: {}", queue, e.getMessage());
            }
        }
    }

    /** The depth last read; NaN before the first read or when it failed. */
    public double depth(String queue) {
        return depths.getOrDefault(queue, Double.NaN);
    }

    @Override
    public void close() {
        prober.shutdownNow();
        management.close();
        if (factory instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the broker watch's connection factory", e);
            }
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return e.getMessage() == null || e.getMessage().equals(m) ? m : e.getMessage() + " (" + m + ")";
    }
}
