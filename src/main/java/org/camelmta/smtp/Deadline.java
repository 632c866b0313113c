package org.camelmta.smtp;

import java.time.Duration;

/**
 * A point in time on the {@link System#nanoTime()} scale by which something must be over, or
 * none. Phases and whole delivery attempts end at one (not after a quiet spell: a server that
 * sends a byte now and then must not keep a phase alive for ever).
 *
 * @param atNanos when, on the {@code System.nanoTime()} scale (meaningless when unbounded)
 * @param bounded false for {@link #NONE}
 */
record Deadline(long atNanos, boolean bounded) {

    static final Deadline NONE = new Deadline(0, false);

    /** {@code timeout} from now. */
    static Deadline after(Duration timeout) {
        return at(System.nanoTime(), timeout);
    }

    /** {@code timeout} after {@code startNanos}. */
    static Deadline at(long startNanos, Duration timeout) {
        return new Deadline(startNanos + saturatedNanos(timeout), true);
    }

    /** Whichever of the two comes first. */
    Deadline earlier(Deadline other) {
        if (!other.bounded) {
            return this;
        }
        if (!bounded) {
            return other;
        }
        return other.atNanos - atNanos < 0 ? other : this;
    }

    /** Nanoseconds left, never negative; {@link Long#MAX_VALUE} when unbounded. */
    long remainingNanos() {
        if (!bounded) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, atNanos - System.nanoTime());
    }

    /** What is left, as a duration. */
    Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    boolean passed() {
        return bounded && atNanos - System.nanoTime() <= 0;
    }

    /**
     * What is left as a socket timeout in milliseconds: at least 1 (0 would mean "for ever"),
     * rounded up so a read never gives up before the deadline.
     */
    int remainingMillisForSocket() {
        long nanos = remainingNanos();
        long millis = nanos == Long.MAX_VALUE ? Integer.MAX_VALUE : (nanos + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    /**
     * A duration in nanoseconds, capped at ten years: deadlines are compared by subtraction,
     * which holds while they lie less than 292 years apart.
     */
    private static long saturatedNanos(Duration d) {
        Duration max = Duration.ofDays(3650);
        return (d.compareTo(max) > 0 ? max : d.isNegative() ? Duration.ZERO : d).toNanos();
    }
}
