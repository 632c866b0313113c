package org.camelmta.retry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each destination's share of the delivery threads (issue #21: no single destination can hold
 * more than its share of delivery capacity). A destination (the set of hosts its mail goes to)
 * may have at most {@code share} attempts running at once; a message that would go over is not
 * tried now but parked on {@code mta.deferred} for a few seconds, so its thread goes back to
 * serving other destinations at once. Postfix caps per-destination concurrency the same way
 * ({@code default_destination_concurrency_limit}), with a queue manager in front that we do
 * not have yet (issue #22).
 *
 * <p>A destination whose attempts finish quickly holds no thread for long, so it is not held to
 * the share: while its last attempt took less than {@code quick} and none of its running attempts
 * has been running that long, it may use any free thread (a single bulk destination still gets
 * the whole engine). The moment one of its attempts runs longer, the share applies again.
 */
public final class DeliveryShares {

    /** Configuration key: most attempts running at once per destination (default a quarter of the delivery threads). */
    public static final String KEY_MAX_SHARE = "mta.delivery.max-share";
    /** Configuration key: attempts quicker than this do not count against the share (0: the share always applies). */
    public static final String KEY_QUICK = "mta.delivery.max-share.quick";
    public static final Duration DEFAULT_QUICK = Duration.ofSeconds(1);
    /** Destinations remembered while idle (their last attempt's time), at most. */
    private static final int REMEMBERED = 10_000;

    private final int share;
    private final long quickNanos;
    private final Map<String, Destination> destinations = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
    private final LongAdder held = new LongAdder();

    private static final class Destination {
        final LinkedHashSet<Slot> running = new LinkedHashSet<>(); // oldest first
        long lastNanos = -1;
    }

    /**
     * @param share most attempts at once per destination (at least 1)
     * @param quick attempts quicker than this let the destination use more (zero: never)
     */
    public DeliveryShares(int share, Duration quick) {
        this.share = Math.max(1, share);
        this.quickNanos = quick.toNanos();
    }

    /** The default share: a quarter of the threads that deliver, at least one. */
    public static int defaultShare(int deliveryThreads) {
        return Math.max(1, deliveryThreads / 4);
    }

    public int share() {
        return share;
    }

    /** A slot for one attempt to the destination, or empty when it is at its share. */
    public Optional<Slot> tryAcquire(String destination) {
        long now = System.nanoTime();
        synchronized (this) {
            Destination d = destinations.computeIfAbsent(destination, k -> new Destination());
            if (d.running.size() >= share && !quick(d, now)) {
                held.increment();
                return Optional.empty();
            }
            Slot slot = new Slot(destination, now);
            d.running.add(slot);
            return Optional.of(slot);
        }
    }

    /** Attempts not made because their destination was at its share, since start (for metrics). */
    public long held() {
        return held.sum();
    }

    /** Attempts running now for the destination. */
    public synchronized int running(String destination) {
        Destination d = destinations.get(destination);
        return d == null ? 0 : d.running.size();
    }

    private boolean quick(Destination d, long now) {
        if (quickNanos <= 0 || d.lastNanos < 0 || d.lastNanos >= quickNanos) {
            return false;
        }
        Slot oldest = d.running.iterator().next();
        return now - oldest.started < quickNanos;
    }

    private synchronized void release(Slot slot) {
        Destination d = destinations.get(slot.destination);
        if (d == null) {
            return;
        }
        d.running.remove(slot);
        d.lastNanos = System.nanoTime() - slot.started;
        if (destinations.size() > REMEMBERED) {
            destinations.values().removeIf(x -> x.running.isEmpty() && x != d);
        }
    }

    /** One running attempt; released exactly once, when the attempt is over. */
    public final class Slot {
        private final String destination;
        private final long started;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String destination, long started) {
            this.destination = destination;
            this.started = started;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                DeliveryShares.this.release(this);
            }
        }
    }
}
