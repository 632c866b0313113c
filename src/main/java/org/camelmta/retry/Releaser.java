package org.camelmta.retry;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.PlanResult;
import org.camelmta.submit.MtaHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves deferred mail back into delivery when its time has come. A destination that has been
 * failing at the connection level (every host, or the lookup, has a current hint) gets one
 * message first, a probe: only when that one reaches a server is the rest released. So mail
 * waiting for a dead host costs one connection attempt per retry time, however much of it
 * there is, and is not churned through the delivery queue either.
 */
public final class Releaser {

    private static final Logger LOG = LoggerFactory.getLogger(Releaser.class);

    private final DeferredQueue queue;
    private final MxResolver resolver;
    private final RetryPolicy policy;
    private final Suspensions suspensions;
    private final Clock clock;
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    private final LongAdder wakeUps = new LongAdder();
    private final LongAdder wokenMessages = new LongAdder();
    private volatile AdvisoryFailures failures = new AdvisoryFailures();
    private volatile DeliveredRecord delivered;

    public Releaser(DeferredQueue queue, MxResolver resolver, RetryPolicy policy, Suspensions suspensions, Clock clock) {
        this.queue = queue;
        this.resolver = resolver;
        this.policy = policy;
        this.suspensions = suspensions;
        this.clock = clock;
    }

    /**
     * What the sweep also looks after: advisory failures are counted in {@code failures}, and
     * the delivered record's old rows are purged (null: no record).
     */
    public Releaser housekeeping(AdvisoryFailures failures, DeliveredRecord delivered) {
        this.failures = failures;
        this.delivered = delivered;
        return this;
    }

    public Suspensions suspensions() {
        return suspensions;
    }

    public DeferredQueue queue() {
        return queue;
    }

    /**
     * Releases the destination's mail that is due; returns how many messages were moved. This is
     * what a retry wake-up (a destination's trigger, or the sweep) does.
     */
    public int releaseDue(String domain) {
        int moved = releaseDueNow(domain);
        wakeUps.increment();
        wokenMessages.add(moved);
        return moved;
    }

    /** How many times {@link #releaseDue} ran since start (retry wake-ups), for metrics. */
    public long wakeUps() {
        return wakeUps.sum();
    }

    /** How many messages those wake-ups moved back into delivery, for metrics. */
    public long wokenMessages() {
        return wokenMessages.sum();
    }

    private int releaseDueNow(String domain) {
        Instant now = clock.instant();
        String filter = DeferredQueue.filter(domain, now);
        if (failing(domain, now)) {
            int moved = queue.release(filter, 1);
            if (moved > 0) {
                probing.add(domain);
                LOG.debug("released a probe for failing destination {}", domain);
            }
            return moved;
        }
        probing.remove(domain);
        int moved = queue.release(filter, -1);
        LOG.debug("released {} deferred messages for {}", moved, domain);
        return moved;
    }

    /**
     * A server of the destination answered (delivered, or refused a recipient): if a probe was
     * out, the rest of its due mail may follow now. Returns whether a release is due.
     */
    public boolean answered(String domain) {
        return probing.remove(domain);
    }

    /**
     * Releases every destination's due mail (the sweep that catches anything no trigger covers,
     * a trigger that Quartz failed to store included), drops hints older than
     * {@code retry_data_expire}, writes the hints the database refused before, and purges old
     * rows of the delivered record. A broken hint database does not stop the releases.
     */
    public int sweep() {
        try {
            policy.purge(clock.instant());
            if (policy.store() instanceof CachedRetryHintStore cached) {
                cached.refresh(); // pending writes first, then the hints other nodes wrote
            }
        } catch (RuntimeException e) {
            failures.failed(AdvisoryFailures.Store.HINTS, "the sweep could not purge or reload the hints", e);
        }
        DeliveredRecord record = delivered;
        if (record != null) {
            record.purge();
        }
        Map<String, Long> due = queue.countBy(DeferredQueue.filter(null, clock.instant()), MtaHeaders.DOMAIN);
        int moved = 0;
        for (String domain : due.keySet()) {
            if (domain != null && !domain.isBlank() && !domain.equals("null")) {
                moved += releaseDue(domain);
            }
        }
        return moved;
    }

    /** Releases all of a destination's mail now, due or not (flush). */
    public int flushDomain(String domain) {
        probing.remove(domain);
        return queue.release(DeferredQueue.filter(domain, null), -1);
    }

    /** Releases one message (all its destinations) now. */
    public int flushMessage(String id) {
        return queue.release(DeferredQueue.messageFilter(id), -1);
    }

    /** Releases everything now. */
    public int flushAll() {
        probing.clear();
        return queue.release(null, -1);
    }

    private boolean failing(String domain, Instant now) {
        if (policy.lookupFailing(domain, now)) {
            return true;
        }
        PlanResult plan = resolver.plan(domain);
        return plan instanceof ConnectionPlan p ? policy.hostsFailing(p.hops(), now) : true;
    }
}
