package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The write watchdog on its own: a deadline closes its target once it passes, never before and
 * never once disarmed; a short deadline armed behind many long ones still fires at its own time;
 * a target that fails to close does not stop the watchdog for every other connection.
 */
class WatchdogTest {

    /** Records when it was closed (System.nanoTime), 0 until then. */
    private static final class Target implements Closeable {
        final AtomicLong closedAt = new AtomicLong();

        @Override
        public void close() {
            closedAt.compareAndSet(0, System.nanoTime());
        }

        boolean closed() {
            return closedAt.get() != 0;
        }
    }

    @Test
    void aDeadlineClosesItsTargetOnceItPassesAndNotBefore() {
        Target target = new Target();
        long armedAt = System.nanoTime();
        Watchdog.Armed deadline = Watchdog.arm(target, Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(5)).until(target::closed);
        assertThat(deadline.fired()).isTrue();
        assertThat(Duration.ofNanos(target.closedAt.get() - armedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        deadline.close();
    }

    @Test
    void aDisarmedDeadlineNeverFires() throws InterruptedException {
        Target target = new Target();
        Watchdog.Armed deadline = Watchdog.arm(target, Duration.ofMillis(50));
        deadline.close();

        // A fired deadline would have closed it within a second or two of 50 ms.
        Thread.sleep(1_500);
        assertThat(target.closed()).isFalse();
        assertThat(deadline.fired()).isFalse();
    }

    @Test
    void aShortDeadlineBehindManyLongOnesFiresAtItsOwnTime() {
        List<Watchdog.Armed> longOnes = new ArrayList<>();
        List<Target> longTargets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Target t = new Target();
            longTargets.add(t);
            longOnes.add(Watchdog.arm(t, Duration.ofMinutes(10)));
        }
        try {
            Target shortTarget = new Target();
            Watchdog.Armed shortOne = Watchdog.arm(shortTarget, Duration.ofMillis(300));

            await().atMost(Duration.ofSeconds(5)).until(shortTarget::closed);
            assertThat(shortOne.fired()).isTrue();
            assertThat(longTargets).noneMatch(Target::closed);
        } finally {
            longOnes.forEach(Watchdog.Armed::close);
        }
    }

    @Test
    void aTargetThatFailsToCloseDoesNotStopTheWatchdog() {
        Closeable broken = () -> {
            throw new IOException("cannot close");
        };
        Closeable worse = () -> {
            throw new IllegalStateException("cannot close either");
        };
        Watchdog.Armed first = Watchdog.arm(broken, Duration.ofMillis(10));
        Watchdog.Armed second = Watchdog.arm(worse, Duration.ofMillis(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.fired() && second.fired());

        Target after = new Target();
        Watchdog.arm(after, Duration.ofMillis(10));
        await().atMost(Duration.ofSeconds(5)).until(after::closed);
    }
}
