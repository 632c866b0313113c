package org.camelmta.retry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Retry hints in a map: for tests, and for running without persistent state. Thread-safe. */
public final class InMemoryRetryHintStore implements RetryHintStore {

    private final Map<String, RetryRecord> records = new ConcurrentHashMap<>();

    @Override
    public Optional<RetryRecord> get(String key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public void put(RetryRecord record) {
        records.put(record.key(), record);
    }

    @Override
    public void delete(String key) {
        records.remove(key);
    }

    @Override
    public List<RetryRecord> due(Instant now) {
        return records.values().stream().filter(r -> r.isDue(now))
                .sorted(Comparator.comparing(RetryRecord::nextTry).thenComparing(RetryRecord::key)).toList();
    }

    @Override
    public List<RetryRecord> expired() {
        return records.values().stream().filter(RetryRecord::expired)
                .sorted(Comparator.comparing(RetryRecord::key)).toList();
    }

    @Override
    public List<RetryRecord> all() {
        return records.values().stream().sorted(Comparator.comparing(RetryRecord::key)).toList();
    }

    @Override
    public int purgeOlderThan(Instant cutoff) {
        int before = records.size();
        records.values().removeIf(r -> r.lastTry().isBefore(cutoff));
        return before - records.size();
    }
}
