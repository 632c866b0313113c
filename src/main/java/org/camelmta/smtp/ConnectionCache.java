package org.camelmta.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open sessions kept for reuse (Sendmail's connection cache, Postfix's scache): a session
 * that finished a message waits here, idle, for the next message to the same destination.
 * Bounded in count ({@code ConnectionCacheSize}) and idle time ({@code ConnectionCacheTimeout}),
 * with caps on messages per connection and on connection age. A session is RSET before it is
 * handed out again; one that turns out dead is dropped and the caller simply opens a new one.
 *
 * <p>Time is a parameter: {@link #evictExpired(Instant)} closes what has idled too long and
 * says when to call it next, so tests drive it step by step.
 */
public final class ConnectionCache implements AutoCloseable {

    /**
     * @param size         most idle sessions kept, over all destinations (0 disables caching)
     * @param idleTimeout  how long a session may wait idle
     * @param maxMessages  most transactions one connection carries
     * @param maxAge       oldest a connection may be and still take a message
     */
    public record Limits(int size, Duration idleTimeout, int maxMessages, Duration maxAge) {
        public static final Limits DEFAULTS = new Limits(100, Duration.ofMinutes(5), 100, Duration.ofMinutes(5));
    }

    /** Counters for metrics. */
    public record Stats(long hits, long misses, long evictions, int idle) {
    }

    private record Idle(SessionKey key, SmtpSession session, Instant since) {
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<SessionKey, Deque<Idle>> idleByKey = new HashMap<>();
    private final Deque<Idle> oldestFirst = new ArrayDeque<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    // QUIT waits for a reply; whoever evicts should not wait for it.
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "smtp-cache-closer");
        t.setDaemon(true);
        return t;
    });

    public ConnectionCache(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public Limits limits() {
        return limits;
    }

    /** A live, RSET session for {@code key}, or null when none is cached. */
    public SmtpSession take(SessionKey key) {
        while (true) {
            Idle idle;
            synchronized (this) {
                Deque<Idle> forKey = idleByKey.get(key);
                idle = forKey == null ? null : forKey.pollLast(); // the most recently used is the likeliest alive
                if (idle == null) {
                    misses.incrementAndGet();
                    return null;
                }
                oldestFirst.remove(idle);
                if (forKey.isEmpty()) {
                    idleByKey.remove(key);
                }
            }
            Instant now = clock.instant();
            if (tooOld(idle.session(), now) || idleTooLong(idle, now)) {
                evict(idle.session());
                continue;
            }
            if (!idle.session().reset()) {
                evictions.incrementAndGet(); // dead on reuse: not a delivery failure, just a miss
                continue;
            }
            hits.incrementAndGet();
            return idle.session();
        }
    }

    /** Gives a session back after use: cached if it may carry more mail, closed otherwise. */
    public void release(SessionKey key, SmtpSession session) {
        if (!session.isUsable()) {
            session.close();
            return;
        }
        Instant now = clock.instant();
        if (limits.size() <= 0 || session.transactions() >= limits.maxMessages() || tooOld(session, now)) {
            evict(session);
            return;
        }
        Idle overflow = null;
        synchronized (this) {
            Idle idle = new Idle(key, session, now);
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
     * Closes one idle session to {@code destination}, if there is one, to free a connection
     * slot for a session of another kind. Returns whether one was closed.
     */
    public boolean evictOneFor(java.net.InetSocketAddress destination) {
        Idle victim = null;
        synchronized (this) {
            for (Idle idle : oldestFirst) {
                if (idle.key().destination().equals(destination)) {
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

    /** Closes sessions idle longer than the timeout; returns how long until the next one expires. */
    public Duration evictExpired(Instant now) {
        List<Idle> expired = new ArrayList<>();
        Duration next = limits.idleTimeout();
        synchronized (this) {
            Iterator<Idle> it = oldestFirst.iterator();
            while (it.hasNext()) {
                Idle idle = it.next();
                if (idleTooLong(idle, now) || tooOld(idle.session(), now)) {
                    it.remove();
                    removeFromKey(idle);
                    expired.add(idle);
                } else {
                    next = Duration.between(now, idle.since().plus(limits.idleTimeout()));
                    break; // oldest first: everything after this one expires later
                }
            }
        }
        expired.forEach(idle -> evict(idle.session()));
        return next.isNegative() ? Duration.ZERO : next;
    }

    public Stats stats() {
        synchronized (this) {
            return new Stats(hits.get(), misses.get(), evictions.get(), oldestFirst.size());
        }
    }

    @Override
    public void close() {
        List<Idle> all;
        synchronized (this) {
            all = new ArrayList<>(oldestFirst);
            oldestFirst.clear();
            idleByKey.clear();
        }
        all.forEach(idle -> idle.session().quit());
        closer.shutdown();
    }

    private void evict(SmtpSession session) {
        evictions.incrementAndGet();
        try {
            closer.execute(session::quit);
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    private boolean idleTooLong(Idle idle, Instant now) {
        return !now.isBefore(idle.since().plus(limits.idleTimeout()));
    }

    private boolean tooOld(SmtpSession session, Instant now) {
        return !now.isBefore(session.openedAt().plus(limits.maxAge()));
    }
}
