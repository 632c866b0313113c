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

    public CachedRetryHintStore(RetryHintStore backing) {
        this.backing = backing;
        refresh();
    }

    /** Reloads everything from the database (for hints written by other nodes). */
    public void refresh() {
        Map<String, RetryRecord> fresh = new ConcurrentHashMap<>();
        for (RetryRecord r : backing.all()) {
            fresh.put(r.key(), r);
        }
        cache = fresh;
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
        backing.put(record);
        cache.put(record.key(), record);
    }

    @Override
    public void delete(String key) {
        if (cache.remove(key) != null) {
            backing.delete(key); // the common case, nothing to delete, costs no query
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
        int n = backing.purgeOlderThan(cutoff);
        if (n > 0) {
            refresh();
        }
        return n;
    }

    @Override
    public void close() {
        backing.close();
    }
}
