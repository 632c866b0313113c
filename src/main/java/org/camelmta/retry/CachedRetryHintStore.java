package org.camelmta.retry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hint store read from memory and written through to the database below. Every delivery
 * asks for several hints (domain, addresses, hosts) and almost always finds none; answering
 * those from memory keeps the database off the delivery path. Hints are few (one per failing
 * destination, not per message), so all of them fit.
 *
 * <p>Several nodes sharing the database see each other's hints after {@link #refresh()}, which
 * the periodic sweep calls.
 *
 * <p>Hints are advisory: they are written after a server may already have accepted the message,
 * and a failed write must not undo that delivery (issue #21). So a write the database refuses
 * still takes effect in memory, is counted ({@link AdvisoryFailures.Store#HINTS}) and is kept as
 * pending; {@link #refresh()} (the sweep) writes the pending ones again before it reloads.
 */
public final class CachedRetryHintStore implements RetryHintStore {

    private final RetryHintStore backing;
    private final AdvisoryFailures failures;
    private volatile Map<String, RetryRecord> cache;
    /** Writes the database refused, by key (empty: a delete), in the order made; guarded by writeLock. */
    private final Map<String, Optional<RetryRecord>> pending = new java.util.LinkedHashMap<>();
    /**
     * Writers and {@link #refresh()} take turns: a reload that read the table just before a
     * delivery thread wrote a hint would otherwise replace the cache without it, and the next
     * message would connect to a host that had just failed. Reads take no lock.
     */
    private final Object writeLock = new Object();

    public CachedRetryHintStore(RetryHintStore backing) {
        this(backing, new AdvisoryFailures());
    }

    public CachedRetryHintStore(RetryHintStore backing, AdvisoryFailures failures) {
        this.backing = backing;
        this.failures = failures;
        refresh();
    }

    /**
     * Writes what the database refused before, then reloads everything from it (for hints
     * written by other nodes). Writes still refused stay pending and keep their effect in memory.
     */
    public void refresh() {
        synchronized (writeLock) {
            repair();
            Map<String, RetryRecord> fresh = new ConcurrentHashMap<>();
            for (RetryRecord r : backing.all()) {
                fresh.put(r.key(), r);
            }
            pending.forEach((key, record) -> record.ifPresentOrElse(r -> fresh.put(key, r), () -> fresh.remove(key)));
            cache = fresh;
        }
    }

    /** How many writes the database refused and that are still to be made. */
    public int pendingWrites() {
        synchronized (writeLock) {
            return pending.size();
        }
    }

    private void repair() {
        var it = pending.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            try {
                e.getValue().ifPresentOrElse(backing::put, () -> backing.delete(e.getKey()));
                it.remove();
            } catch (RuntimeException stillFailing) {
                return; // the database is still refusing: try again at the next sweep
            }
        }
    }

    public RetryHintStore backing() {
        return backing;
    }

    @Override
    public Optional<RetryRecord> get(String key) {
        return Optional.ofNullable(cache.get(key));
    }

    @Override
    public void put(RetryRecord record) {
        synchronized (writeLock) {
            cache.put(record.key(), record);
            try {
                backing.put(record);
                pending.remove(record.key());
            } catch (RuntimeException e) {
                pending.put(record.key(), Optional.of(record));
                failures.failed(AdvisoryFailures.Store.HINTS, "hint " + record.key() + " kept in memory only", e);
            }
        }
    }

    @Override
    public void delete(String key) {
        if (!cache.containsKey(key)) {
            return; // the common case, nothing to delete, costs no query and no lock
        }
        synchronized (writeLock) {
            if (cache.remove(key) != null) {
                try {
                    backing.delete(key);
                    pending.remove(key);
                } catch (RuntimeException e) {
                    pending.put(key, Optional.empty());
                    failures.failed(AdvisoryFailures.Store.HINTS, "hint " + key + " deleted in memory only", e);
                }
            }
        }
    }

    @Override
    public List<RetryRecord> due(Instant now) {
        return backing.due(now);
    }

    @Override
    public List<RetryRecord> expired() {
        return backing.expired();
    }

    @Override
    public List<RetryRecord> all() {
        return backing.all();
    }

    @Override
    public int purgeOlderThan(Instant cutoff) {
        synchronized (writeLock) {
            int n = backing.purgeOlderThan(cutoff);
            if (n > 0) {
                refresh();
            }
            return n;
        }
    }

    @Override
    public void close() {
        backing.close();
    }
}
