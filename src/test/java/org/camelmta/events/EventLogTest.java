package org.camelmta.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>();

        MovableClock(Instant start) {
            now.set(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void rollsOverAtTheSizeLimitAndKeepsABoundedNumberOfFiles() throws Exception {
        Path file = dir.resolve("log/delivery.jsonl");
        EventLog log = new EventLog(file, 100, 2, 1000, new MovableClock(Instant.parse("2026-11-23T10:00:00Z")));
        for (int i = 0; i < 10; i++) {
            log.append("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(30) + "\"}"); // 50 bytes a line: 2 per file
        }
        log.flush(5_000);
        log.close();
        assertThat(log.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("delivery-2026-11-23-3.jsonl", "delivery-2026-11-23-4.jsonl", "delivery.jsonl");
        assertThat(Files.readAllLines(file)).hasSize(2).first().asString().startsWith("{\"n\":8");
        assertThat(Files.readAllLines(log.files().get(0))).first().asString().startsWith("{\"n\":4");
    }

    @Test
    void rollsOverAtMidnightUtc() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-23T23:59:59Z"));
        Path file = dir.resolve("delivery.jsonl");
        EventLog log = new EventLog(file, 1_000_000, 10, 1000, clock);
        log.append("{\"day\":1}");
        log.flush(5_000);
        clock.now.set(Instant.parse("2026-11-24T00:00:01Z"));
        log.append("{\"day\":2}");
        log.flush(5_000);
        log.close();
        assertThat(Files.readAllLines(dir.resolve("delivery-2026-11-23-1.jsonl"))).containsExactly("{\"day\":1}");
        assertThat(Files.readAllLines(file)).containsExactly("{\"day\":2}");
    }

    @Test
    void aFullQueueDropsLinesInsteadOfBlocking() throws Exception {
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "a file where the log directory should be");
        EventLog log = new EventLog(blocked.resolve("delivery.jsonl"), 1_000_000, 10, 5, Clock.systemUTC());
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            log.append("{\"n\":" + i + "}");
        }
        assertThat(System.nanoTime() - start).as("appending never waits on the disk").isLessThan(2_000_000_000L);
        assertThat(log.dropped()).isGreaterThan(900);
        log.close();
    }
}
