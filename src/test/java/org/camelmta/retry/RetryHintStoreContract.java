package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every hint store does; each implementation's test supplies the store. */
abstract class RetryHintStoreContract {

    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    abstract RetryHintStore store();

    @AfterEach
    void closeStore() {
        store().close();
    }

    static RetryRecord record(String key, Duration lastTry, Duration nextTry, boolean expired) {
        return new RetryRecord(key, T0, T0.plus(lastTry), T0.plus(nextTry), expired, "refused_MX",
                "451 4.4.1 connection refused");
    }

    @Test
    void putGetReplaceDelete() {
        RetryHintStore s = store();
        String key = "T:mx1.example.com:192.0.2.1";
        assertThat(s.get(key)).isEmpty();

        RetryRecord first = record(key, Duration.ZERO, Duration.ofMinutes(15), false);
        s.put(first);
        assertThat(s.get(key)).contains(first);

        RetryRecord second = record(key, Duration.ofMinutes(15), Duration.ofMinutes(30), false);
        s.put(second);
        assertThat(s.get(key)).contains(second);
        assertThat(s.all()).containsExactly(second);

        s.delete(key);
        assertThat(s.get(key)).isEmpty();
        s.delete(key);
        assertThat(s.all()).isEmpty();
    }

    @Test
    void dueListsRecordsWhoseRetryTimeHasComeEarliestFirst() {
        RetryHintStore s = store();
        s.put(record("T:b:192.0.2.2", Duration.ZERO, Duration.ofHours(2), false));
        s.put(record("T:a:192.0.2.1", Duration.ZERO, Duration.ofHours(1), false));
        s.put(record("T:c:192.0.2.3", Duration.ZERO, Duration.ofHours(3), true));

        assertThat(s.due(T0.plus(Duration.ofMinutes(59)))).isEmpty();
        assertThat(s.due(T0.plus(Duration.ofHours(2)))).extracting(RetryRecord::key)
                .containsExactly("T:a:192.0.2.1", "T:b:192.0.2.2");
        assertThat(s.expired()).extracting(RetryRecord::key).containsExactly("T:c:192.0.2.3");
    }

    @Test
    void purgeDeletesRecordsLastWrittenBeforeTheCutoff() {
        RetryHintStore s = store();
        s.put(record("R:old@example.com:<>", Duration.ZERO, Duration.ofHours(1), false));
        s.put(record("R:new@example.com:<>", Duration.ofDays(3), Duration.ofDays(3).plusHours(1), false));

        assertThat(s.purgeOlderThan(T0.plus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(s.all()).extracting(RetryRecord::key).containsExactly("R:new@example.com:<>");
    }

    @Test
    void longErrorTextIsKeptToItsLimit() {
        RetryHintStore s = store();
        String text = "x".repeat(2000);
        s.put(new RetryRecord("R:example.com", T0, T0, T0, false, "lookup", text));
        assertThat(s.get("R:example.com").orElseThrow().text()).hasSize(RetryRecord.MAX_TEXT);
    }
}
