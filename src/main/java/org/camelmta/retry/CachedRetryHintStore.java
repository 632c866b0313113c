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
 */
public final class CachedRetryHintStore implements RetryHintStore {

    private final RetryHintStore backing;
    private volatile Map<String, RetryRecord> cache;
    /**
     * Writers and {@link #refresh()} take turns: a reload that read the table just before a
     * delivery thread wrote a hint would otherwise replace the cache without it, and the next
     * message would connect to a host that had just failed. Reads take no lock.
     */
    private final Object writeLock = new Object();

    public CachedRetryHintStore(RetryHintStore backing) {
        this.backing = backing;
        refresh();
    }

    /** Reloads everything from the database (for hints written by other nodes). */
    public void refresh() {
        synchronized (writeLock) {
            Map<String, RetryRecord> fresh = new ConcurrentHashMap<>();
            for (RetryRecord r : backing.all()) {
                fresh.put(r.key(), r);
            }
            cache = fresh;
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
            backing.put(record);
            cache.put(record.key(), record);
        }
    }

    @Override
    public void delete(String key) {
        if (!cache.containsKey(key)) {
            return; // the common case, nothing to delete, costs no query and no lock
        }
        synchronized (writeLock) {
            if (cache.remove(key) != null) {
                backing.delete(key);
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
