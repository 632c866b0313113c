package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedRetryHintStoreTest extends RetryHintStoreContract {

    @TempDir
    Path dataDir;

    private JdbcRetryHintStore database;
    private CachedRetryHintStore store;

    @BeforeEach
    void open() {
        database = JdbcRetryHintStore.inDataDir(dataDir);
        store = new CachedRetryHintStore(database);
    }

    @Override
    RetryHintStore store() {
        return store;
    }

    /**
     * The sweep reloads the cache while delivery threads record failures. A reload that read
     * the table just before a failure was written must not drop that failure from memory: the
     * next message would connect to the host that had just failed.
     */
    @Test
    void aHintWrittenDuringAReloadIsNotLost() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean();
        RetryHintStore slowToRead = new RetryHintStore() {
            @Override public Optional<RetryRecord> get(String key) { return database.get(key); }
            @Override public void put(RetryRecord r) { database.put(r); }
            @Override public void delete(String key) { database.delete(key); }
            @Override public List<RetryRecord> due(Instant now) { return database.due(now); }
            @Override public List<RetryRecord> expired() { return database.expired(); }
            @Override public int purgeOlderThan(Instant cutoff) { return database.purgeOlderThan(cutoff); }
            @Override public List<RetryRecord> all() {
                List<RetryRecord> snapshot = database.all();
                if (armed.getAndSet(false)) {
                    reading.countDown();
                    await(mayFinish); // a failure is recorded now, after the table was read
                }
                return snapshot;
            }
        };
        CachedRetryHintStore cached = new CachedRetryHintStore(slowToRead);
        armed.set(true);

        CompletableFuture<Void> reload = CompletableFuture.runAsync(cached::refresh);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        RetryRecord failure = record("T:mx.example.net:192.0.2.1:25", Duration.ZERO, Duration.ofMinutes(15), false);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> cached.put(failure));
        Thread.sleep(200); // the write's chance to overtake the reload
        mayFinish.countDown();
        reload.get(10, TimeUnit.SECONDS);
        write.get(10, TimeUnit.SECONDS);

        assertThat(cached.get(failure.key())).contains(failure);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
