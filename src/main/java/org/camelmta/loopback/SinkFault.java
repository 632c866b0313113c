package org.camelmta.loopback;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelmta.smtp.Phase;

/**
 * A scripted fault: at a phase, take an action instead of the usual one, optionally only the
 * first {@code n} times the phase is reached and optionally only on the connection with a
 * given index. For example {@code SinkFault.at(Phase.RCPT, SinkAction.reply(451, "4.3.0 later")).times(1)}
 * refuses the first recipient the sink ever sees and no other.
 *
 * <p>Immutable as a description; each sink keeps its own count of how often a fault fired.
 */
public final class SinkFault {

    /** No limit on how many times, or on which connection. */
    public static final int ANY = -1;

    private final Phase phase;
    private final SinkAction action;
    private final int times;
    private final int connectionIndex;

    private SinkFault(Phase phase, SinkAction action, int times, int connectionIndex) {
        this.phase = Objects.requireNonNull(phase, "phase");
        this.action = Objects.requireNonNull(action, "action");
        if (phase == Phase.LOOKUP || phase == Phase.CONNECT) {
            throw new IllegalArgumentException("a sink has no " + phase + " phase; a refused greeting is Phase.GREETING");
        }
        this.times = times;
        this.connectionIndex = connectionIndex;
    }

    /** Takes {@code action} every time {@code phase} is reached. */
    public static SinkFault at(Phase phase, SinkAction action) {
        return new SinkFault(phase, action, ANY, ANY);
    }

    /** The same fault, taken only the first {@code n} times it applies. */
    public SinkFault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + n);
        }
        return new SinkFault(phase, action, n, connectionIndex);
    }

    /** The same fault, applying only on the connection with index {@code k} (from zero). */
    public SinkFault onConnection(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("connection index must not be negative: " + k);
        }
        return new SinkFault(phase, action, times, k);
    }

    public Phase phase() {
        return phase;
    }

    public SinkAction action() {
        return action;
    }

    /** How many times it fires, or {@link #ANY}. */
    public int times() {
        return times;
    }

    /** The connection it is limited to, or {@link #ANY}. */
    public int connectionIndex() {
        return connectionIndex;
    }

    /** Whether this fault applies here, counting the firing in {@code fired}. */
    boolean fires(Phase at, int connection, AtomicInteger fired) {
        if (at != phase || (connectionIndex != ANY && connection != connectionIndex)) {
            return false;
        }
        return times == ANY || fired.getAndIncrement() < times;
    }

    @Override
    public String toString() {
        return "fault at " + phase + ": " + action + (times == ANY ? "" : ", " + times + " times")
                + (connectionIndex == ANY ? "" : ", on connection " + connectionIndex);
    }
}
