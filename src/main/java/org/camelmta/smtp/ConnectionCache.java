package org.camelmta.smtp;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open sessions kept for reuse (Sendmail's connection cache, Postfix's scache): a session
 * that finished a message waits here, idle, for the next message to the same destination.
 * Bounded in count ({@code ConnectionCacheSize}; past it the session idle longest is closed)
 * and idle time ({@code ConnectionCacheTimeout}), with caps on messages per connection and on
 * connection age. A session is RSET before it is handed out again; one that turns out dead is
 * dropped and the caller simply opens a new one.
 *
 * <p>Time is a parameter: every decision reads the cache's {@link Clock}, and
 * {@link #evictExpired(Instant)} closes what has idled too long and says when to call it next,
 * so tests drive it step by step. {@link #startIdleEviction()} runs it in the background.
 */
public final class ConnectionCache implements AutoCloseable {

    /** The shortest pause between background sweeps, so a burst of expiries is handled in one. */
    private static final Duration MIN_SWEEP = Duration.ofMillis(50);
    /** How long {@link #close()} lets QUITs run before closing what is left. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    /**
     * @param size         most idle sessions kept, over all destinations (0 disables caching)
     * @param idleTimeout  how long a session may wait idle
     * @param maxMessages  most transactions one connection carries
     * @param maxAge       oldest a connection may be and still take a message
     */
    public record Limits(int size, Duration idleTimeout, int maxMessages, Duration maxAge) {
        public static final Limits DEFAULTS = new Limits(100, Duration.ofMinutes(5), 100, Duration.ofMinutes(5));
    }

    /**
     * Counters for metrics.
     *
     * @param hits      sessions handed out again, counted when given back (one found dead at its
     *                  first command is not a hit but an eviction: {@link #countDeadOnReuse})
     * @param misses    takes that found no usable session (the caller connects anew)
     * @param evictions sessions closed by the cache: idle or age limit, size bound, message
     *                  cap, or found dead on reuse
     * @param idle      sessions waiting in the cache now
     */
    public record Stats(long hits, long misses, long evictions, int idle) {
    }

    private record Idle(SessionKey key, SmtpSession session, Instant since, Instant born) {
    }

    private final Limits limits;
    private final Clock clock;
    // Guarded by this: the idle sessions by key (most recently released last) and all of them
    // in the order they were released, the one idle longest first; the birth time (on the
    // cache's clock) of sessions out on loan, so max-age survives a round trip.
    private final Map<SessionKey, Deque<Idle>> idleByKey = new HashMap<>();
    private final Deque<Idle> oldestFirst = new ArrayDeque<>();
    private final Map<SmtpSession, Instant> bornOfTaken = new IdentityHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    // QUIT waits for a reply; whoever evicts should not wait for it.
    private final ExecutorService closer = Executors.newSingleThreadExecutor(daemon("smtp-cache-closer"));
    private ScheduledExecutorService sweeper;
    private boolean closed;

    public ConnectionCache(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Sweeps expired sessions in the background, each sweep scheduled for when the next
     * session expires. Without it idle sessions are only found expired when someone asks for
     * them, and meanwhile hold their connections (and destination slots) open.
     */
    public synchronized ConnectionCache startIdleEviction() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(daemon("smtp-cache-sweeper"));
            sweeper.schedule(this::sweep, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * A live session for {@code key}, ready for its next transaction (RSET now, or at the head of
     * that transaction when the server pipelines: {@link SmtpSession#readyForReuse()}), or null
     * when none is cached (a miss).
     */
    public SmtpSession take(SessionKey key) {
        return take(key, true);
    }

    /** As {@link #take}, but finding nothing is not counted: for looking again while waiting. */
    SmtpSession takeAgain(SessionKey key) {
        return take(key, false);
    }

    private SmtpSession take(SessionKey key, boolean countMiss) {
        while (true) {
            Idle idle;
            synchronized (this) {
                Deque<Idle> forKey = idleByKey.get(key);
                idle = forKey == null ? null : forKey.pollLast(); // the most recently used is the likeliest alive
                if (idle == null) {
                    if (countMiss) {
                        misses.incrementAndGet();
                    }
                    return null;
                }
                oldestFirst.remove(idle);
                if (forKey.isEmpty()) {
                    idleByKey.remove(key);
                }
            }
            Instant now = clock.instant();
            if (expired(idle, now)) {
                evict(idle.session());
                continue;
            }
            if (!idle.session().readyForReuse()) {
                evictions.incrementAndGet(); // dead on reuse: not a delivery failure, just a miss
                continue;
            }
            synchronized (this) {
                bornOfTaken.put(idle.session(), idle.born());
            }
            return idle.session(); // a hit when given back alive: release
        }
    }

    /** Gives a session back after use: cached if it may carry more mail, closed otherwise. */
    public void release(SessionKey key, SmtpSession session) {
        Instant now = clock.instant();
        Instant born;
        synchronized (this) {
            born = bornOfTaken.remove(session);
        }
        if (born != null) {
            hits.incrementAndGet();
        } else {
            // First time here: its age so far, measured by the wall clock it was opened by,
            // carried over to the cache's clock.
            born = now.minus(Duration.between(session.openedAt(), Instant.now()));
        }
        if (!session.isUsable() || isClosed()) {
            session.close();
            return;
        }
        if (limits.size() <= 0 || session.transactions() >= limits.maxMessages() || tooOld(born, now)) {
            evict(session);
            return;
        }
        Idle overflow = null;
        synchronized (this) {
            Idle idle = new Idle(key, session, now, born);
            idleByKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(idle);
            oldestFirst.addLast(idle);
            if (oldestFirst.size() > limits.size()) {
                overflow = oldestFirst.pollFirst();
                removeFromKey(overflow);
            }
        }
        if (overflow != null) {
            evict(overflow.session());
        }
    }

    /**
     * Closes one idle session to {@code destination} of another kind than {@code except}, if
     * there is one, to free a connection slot. Returns whether one was closed.
     */
    public boolean evictOneFor(InetSocketAddress destination, SessionKey except) {
        Idle victim = null;
        synchronized (this) {
            for (Idle idle : oldestFirst) {
                if (idle.key().destination().equals(destination) && !idle.key().equals(except)) {
                    victim = idle;
                    break;
                }
            }
            if (victim != null) {
                oldestFirst.remove(victim);
                removeFromKey(victim);
            }
        }
        if (victim != null) {
            evict(victim.session());
        }
        return victim != null;
    }

    /**
     * Closes sessions idle longer than the timeout, or older than the age limit, at
     * {@code now}; returns how long until the next one expires (the idle timeout when none
     * is cached, as none released from now on can expire sooner).
     */
    public Duration evictExpired(Instant now) {
        List<Idle> expired = new ArrayList<>();
        Instant next = now.plus(limits.idleTimeout());
        synchronized (this) {
            Iterator<Idle> it = oldestFirst.iterator();
            while (it.hasNext()) {
                Idle idle = it.next();
                if (expired(idle, now)) {
                    it.remove();
                    removeFromKey(idle);
                    expired.add(idle);
                } else {
                    next = earliest(next, earliest(idle.since().plus(limits.idleTimeout()), idle.born().plus(limits.maxAge())));
                }
            }
        }
        expired.forEach(idle -> evict(idle.session()));
        return Duration.between(now, next);
    }

    /**
     * A session handed out by {@link #take} failed at the RSET that opened its next transaction
     * (pipelined, so only its reply showed the connection dead): counted as found dead on reuse,
     * and not as a hit when it is given back. Hits are counted at {@link #release}, not at
     * {@code take}, so that the counters only ever grow, as counters read by monitoring must (a
     * hit counted at take and taken back here made the count fall, which Prometheus reads as a
     * restart).
     */
    void countDeadOnReuse(SmtpSession session) {
        synchronized (this) {
            bornOfTaken.remove(session);
        }
        evictions.incrementAndGet();
    }

    public Stats stats() {
        synchronized (this) {
            return new Stats(hits.get(), misses.get(), evictions.get(), oldestFirst.size());
        }
    }

    /** QUITs every idle session (waiting a few seconds at most) and stops the background threads. */
    @Override
    public void close() {
        List<Idle> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(oldestFirst);
            oldestFirst.clear();
            idleByKey.clear();
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
        }
        all.forEach(idle -> evict(idle.session()));
        closer.shutdown();
        try {
            closer.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(idle -> idle.session().close()); // a server slow to answer QUIT is not waited for
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void sweep() {
        Duration next;
        try {
            next = evictExpired(clock.instant());
        } catch (RuntimeException e) {
            next = limits.idleTimeout(); // keep sweeping; a failure here must not leave sessions open forever
        }
        synchronized (this) {
            if (sweeper != null && !sweeper.isShutdown()) {
                long millis = Math.max(MIN_SWEEP.toMillis(), next.toMillis());
                sweeper.schedule(this::sweep, millis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void evict(SmtpSession session) {
        evictions.incrementAndGet();
        try {
            closer.execute(session::quit);
        } catch (RejectedExecutionException e) {
            session.close(); // shutting down
        }
    }

    private void removeFromKey(Idle idle) {
        Deque<Idle> forKey = idleByKey.get(idle.key());
        if (forKey != null) {
            forKey.remove(idle);
            if (forKey.isEmpty()) {
                idleByKey.remove(idle.key());
            }
        }
    }

    private boolean expired(Idle idle, Instant now) {
        return !now.isBefore(idle.since().plus(limits.idleTimeout())) || tooOld(idle.born(), now);
    }

    private boolean tooOld(Instant born, Instant now) {
        return !now.isBefore(born.plus(limits.maxAge()));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
