package org.camelmta.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps how many connections are open to one destination address at once (Postfix's
 * {@code default_destination_concurrency_limit}), idle cached ones included. A slot is held
 * from connect to close. Destinations are forgotten when their last connection closes, so an
 * engine that has talked to millions of addresses keeps counts only for those open now.
 */
public final class DestinationLimiter {

    private final int cap;
    private final Map<InetSocketAddress, Integer> openByDestination = new HashMap<>(); // guarded by this

    /** @param perDestination the cap; 0 or less means no cap */
    public DestinationLimiter(int perDestination) {
        this.cap = perDestination <= 0 ? Integer.MAX_VALUE : perDestination; // uncapped still counts
    }

    /** The cap ({@link Integer#MAX_VALUE} when there is none). */
    public int cap() {
        return cap;
    }

    /** Waits up to {@code wait} for a slot; returns null when none came free. */
    public Slot acquire(InetSocketAddress destination, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (openByDestination.getOrDefault(destination, 0) >= cap) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            openByDestination.merge(destination, 1, Integer::sum);
        }
        return new Slot(destination);
    }

    /** Connections open to each destination now, for metrics. */
    public synchronized Map<InetSocketAddress, Integer> open() {
        Map<InetSocketAddress, Integer> result = new TreeMap<>(Comparator.comparing(InetSocketAddress::toString));
        result.putAll(openByDestination);
        return result;
    }

    private synchronized void release(InetSocketAddress destination) {
        openByDestination.computeIfPresent(destination, (d, n) -> n <= 1 ? null : n - 1);
        notifyAll();
    }

    /** One held slot; released exactly once, when its connection closes. */
    public final class Slot {
        private final InetSocketAddress destination;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(InetSocketAddress destination) {
            this.destination = destination;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                DestinationLimiter.this.release(destination);
            }
        }
    }
}
