package org.camelmta.loopback;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.camelmta.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sink has seen, shared by its connection threads and read by tests: connections,
 * ended transactions and counts. A transaction is recorded before its reply is sent, so a
 * client that has read the reply finds the transaction here.
 */
final class SinkRecords {

    private static final Logger LOG = LoggerFactory.getLogger(SinkRecords.class);

    private final boolean retain;
    private final Consumer<SinkTransaction> listener;
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Queue<SinkConnection> connectionRecords = new ConcurrentLinkedQueue<>();
    private final Queue<SinkTransaction> transactions = new ConcurrentLinkedQueue<>();
    private final Object deliveredSignal = new Object();
    private final AtomicInteger waiters = new AtomicInteger();

    SinkRecords(boolean retain, Consumer<SinkTransaction> listener) {
        this.retain = retain;
        this.listener = listener;
    }

    /** Whether transactions need their content read and kept. */
    boolean wantsContent() {
        return retain || listener != null;
    }

    SinkConnection connectionOpened(InetSocketAddress remote, InetSocketAddress local) {
        SinkConnection connection = new SinkConnection(nextConnection.getAndIncrement(), remote, local, retain);
        connectionRecords.add(connection);
        connections.incrementAndGet();
        return connection;
    }

    /**
     * Records a transaction that ended, with the reply to its final dot or null; returns it when
     * the onMessage listener is to be told (see {@link #tellListener}), else null.
     */
    SinkTransaction transactionEnded(SinkConnection connection, SinkDraft draft, SmtpReply finalReply) {
        boolean toListener = listener != null && draft.dataReceived;
        SinkTransaction transaction = null;
        if (retain || toListener) {
            transaction = draft.finish(finalReply);
            if (retain) {
                connection.addTransaction(transaction);
                transactions.add(transaction);
            }
        }
        if (finalReply != null && finalReply.code() == 250) {
            delivered.incrementAndGet();
            if (waiters.get() > 0) {
                synchronized (deliveredSignal) {
                    deliveredSignal.notifyAll();
                }
            }
        }
        return toListener ? transaction : null;
    }

    /** Hands an ended transaction to the onMessage listener (nothing for null). */
    void tellListener(SinkTransaction transaction) {
        if (transaction == null || listener == null) {
            return;
        }
        try {
            listener.accept(transaction);
        } catch (RuntimeException e) {
            LOG.warn("onMessage listener failed for {}", transaction, e);
        }
    }

    long connectionCount() {
        return connections.get();
    }

    long messageCount() {
        return delivered.get();
    }

    List<SinkConnection> connections() {
        return List.copyOf(connectionRecords);
    }

    List<SinkTransaction> transactions() {
        return List.copyOf(transactions);
    }

    boolean awaitMessages(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiters.incrementAndGet();
        try {
            synchronized (deliveredSignal) {
                while (delivered.get() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(deliveredSignal, left);
                }
                return true;
            }
        } finally {
            waiters.decrementAndGet();
        }
    }

    void clear() {
        connectionRecords.clear();
        transactions.clear();
        connections.set(0);
        delivered.set(0);
    }
}
