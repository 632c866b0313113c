package org.camelmta.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Write timeouts for blocking sockets. Java sockets time out reads ({@code SO_TIMEOUT}) but not
 * writes: a server that stops reading blocks the writer forever once the buffers fill. The
 * watchdog closes the socket when a write outlives its deadline, which makes the write fail
 * (Okio's AsyncTimeout works the same way). One daemon thread serves every connection.
 *
 * <p>Every command and every message body is written under a deadline, so arming and disarming
 * must not wake that thread: a {@code ScheduledThreadPoolExecutor} did, whenever a new deadline
 * became the earliest one (with deadlines armed and cancelled a few milliseconds apart, that was
 * most writes: 1.25 thread wake-ups per message delivered, docs/benchmarks.md). Here arming only
 * adds to a set; the thread sleeps until the earliest deadline it saw and is woken only for a
 * deadline earlier than that.
 */
final class Watchdog {

    /**
     * The longest the thread sleeps before it looks again, whatever it saw: a bound on how late a
     * deadline fires should the scan and an arm race past each other (the set's iterator only
     * promises what was in it when the scan began). Once a second costs nothing.
     */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Watchdog SHARED = new Watchdog("smtp-write-watchdog");

    private final Set<Armed> armed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    /** Set while the thread collects deadlines: an arm then wakes it, as the scan may miss it. */
    private volatile boolean scanning = true;
    /** When the thread will look next (System.nanoTime scale), valid while not scanning. */
    private volatile long wakeAt;

    private Watchdog(String threadName) {
        thread = new Thread(this::watch, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Arms a deadline; closing the returned handle disarms it. */
    static Armed arm(Closeable target, Duration timeout) {
        return SHARED.add(target, timeout);
    }

    private Armed add(Closeable target, Duration timeout) {
        Armed deadline = new Armed(this, target, System.nanoTime() + timeout.toNanos());
        armed.add(deadline);
        // Read scanning before wakeAt: either the scan in progress started after the add (and
        // sees it), or wakeAt is the value that scan settled on.
        if (scanning || deadline.at - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
        return deadline;
    }

    private void watch() {
        while (true) {
            scanning = true;
            long now = System.nanoTime();
            long next = now + MAX_SLEEP_NANOS;
            for (Armed deadline : armed) {
                if (deadline.at - now <= 0) {
                    if (armed.remove(deadline)) {
                        deadline.fire();
                    }
                } else if (deadline.at - next < 0) {
                    next = deadline.at;
                }
            }
            wakeAt = next;
            scanning = false;
            LockSupport.parkNanos(this, next - System.nanoTime());
        }
    }

    /** A deadline in force until closed. */
    static final class Armed implements AutoCloseable {
        private final Watchdog watchdog;
        private final Closeable target;
        private final long at;
        private volatile boolean fired;

        private Armed(Watchdog watchdog, Closeable target, long at) {
            this.watchdog = watchdog;
            this.target = target;
            this.at = at;
        }

        boolean fired() {
            return fired;
        }

        private void fire() {
            fired = true;
            try {
                target.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is the whole point; a failure to close leaves nothing else to do, and
                // must not end the thread that watches every other connection
            }
        }

        @Override
        public void close() {
            watchdog.armed.remove(this);
        }
    }
}
