package org.camelmta.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Write timeouts for blocking sockets. Java sockets time out reads ({@code SO_TIMEOUT}) but not
 * writes: a server that stops reading blocks the writer forever once the buffers fill. The
 * watchdog closes the socket when a write outlives its deadline, which makes the write fail
 * (Okio's AsyncTimeout works the same way). One daemon thread serves every connection.
 */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = createTimer();

    private Watchdog() {
    }

    /** Arms a deadline; closing the returned handle disarms it. */
    static Armed arm(Closeable target, Duration timeout) {
        Armed armed = new Armed();
        armed.future = TIMER.schedule(() -> {
            armed.fired = true;
            try {
                target.close();
            } catch (IOException ignored) {
                // closing is the whole point; a failure to close leaves nothing else to do
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return armed;
    }

    /** A deadline in force until closed. */
    static final class Armed implements AutoCloseable {
        private volatile ScheduledFuture<?> future;
        private volatile boolean fired;

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            future.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor createTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "smtp-write-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
