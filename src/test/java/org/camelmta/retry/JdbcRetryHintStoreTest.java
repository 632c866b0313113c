package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.config.Settings;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcRetryHintStoreTest extends RetryHintStoreContract {

    @TempDir
    Path dataDir;

    private JdbcRetryHintStore store;

    @BeforeEach
    void open() {
        store = JdbcRetryHintStore.inDataDir(dataDir);
    }

    @Override
    RetryHintStore store() {
        return store;
    }

    @Test
    void hintsSurviveCloseAndReopen() {
        RetryRecord hint = record("T:mx1.example.com:2001:db8:0:0:0:0:0:1:2525", Duration.ofHours(2),
                Duration.ofHours(3), true);
        store.put(hint);
        store.close();
        assertThat(Files.exists(dataDir.resolve("state").resolve("retry-hints.mv.db"))).isTrue();

        try (JdbcRetryHintStore reopened = JdbcRetryHintStore.inDataDir(dataDir)) {
            assertThat(reopened.get(hint.key())).contains(hint);
            assertThat(reopened.expired()).containsExactly(hint);
        }
        store = JdbcRetryHintStore.inDataDir(dataDir);
    }

    @Test
    void settingsPickTheDataDirectoryOrAUrl() {
        store.close();
        try (JdbcRetryHintStore fromDataDir = JdbcRetryHintStore.from(Settings.of(Map.of("mta.data-dir",
                dataDir.toString())))) {
            fromDataDir.put(record("R:example.com", Duration.ZERO, Duration.ofHours(1), false));
        }
        String url = "jdbc:h2:mem:hints-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Settings byUrl = Settings.of(Map.of(JdbcRetryHintStore.KEY_URL, url));
        try (JdbcRetryHintStore fromUrl = JdbcRetryHintStore.from(byUrl)) {
            assertThat(fromUrl.all()).isEmpty();
        }
        store = JdbcRetryHintStore.inDataDir(dataDir);
        assertThat(store.get("R:example.com")).isPresent();
    }

    @Test
    void sharedDataSourceSeesAnotherStoresWrites() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:shared-" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1", "sa", "");
        try (JdbcRetryHintStore nodeA = new JdbcRetryHintStore(pool);
             JdbcRetryHintStore nodeB = new JdbcRetryHintStore(pool)) {
            nodeA.put(record("T:mx.example.com:192.0.2.9", Duration.ZERO, Duration.ofMinutes(15), false));
            assertThat(nodeB.get("T:mx.example.com:192.0.2.9")).isPresent();
            nodeB.delete("T:mx.example.com:192.0.2.9");
            assertThat(nodeA.all()).isEmpty();
        } finally {
            pool.dispose();
        }
    }
}
