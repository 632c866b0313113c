package org.camelmta.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Caps how many connections are open to one destination address at once (Postfix's
 * {@code default_destination_concurrency_limit}), idle cached ones included. A slot is held
 * from connect to close.
 */
public final class DestinationLimiter {

    private final int cap;
    private final Map<InetSocketAddress, Semaphore> slots = new ConcurrentHashMap<>();

    /** @param perDestination the cap; 0 or less means no cap */
    public DestinationLimiter(int perDestination) {
        this.cap = perDestination <= 0 ? Integer.MAX_VALUE : perDestination; // uncapped still counts
    }

    /** Waits up to {@code wait} for a slot; returns null when none came free. */
    public Slot acquire(InetSocketAddress destination, Duration wait) throws InterruptedException {
        Semaphore s = slots.computeIfAbsent(destination, d -> new Semaphore(cap));
        if (s.tryAcquire() || s.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Slot(s);
        }
        return null;
    }

    /** Connections open to each destination now, for metrics. */
    public Map<InetSocketAddress, Integer> open() {
        Map<InetSocketAddress, Integer> result = new java.util.TreeMap<>(
                java.util.Comparator.comparing(InetSocketAddress::toString));
        slots.forEach((d, s) -> {
            int used = cap - s.availablePermits();
            if (used > 0) {
                result.put(d, used);
            }
        });
        return result;
    }

    /** One held slot; released exactly once, when its connection closes. */
    public static final class Slot {
        private final Semaphore semaphore;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        private Slot(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        }
    }
}
