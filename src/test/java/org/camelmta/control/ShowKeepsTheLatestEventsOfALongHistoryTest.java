package org.camelmta.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.events.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} of a message with a long history (many recipients, many retries) gives its
 * latest events, oldest first, and how many there are in all, from every file of the
 * delivery log; other messages' events are not counted, even when their id contains this one.
 */
class ShowKeepsTheLatestEventsOfALongHistoryTest {

    @TempDir
    Path dir;

    @Test
    void theLatestEventsAcrossRotatedFilesAndTheTotal() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        List<String> older = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            (i < 300 ? older : newer).add(EventLog.toJson(event("M1", "r" + i + "@example.org", t0.plusSeconds(i))));
            older.add(EventLog.toJson(event("M1X", "x@example.org", t0.plusSeconds(i))));
        }
        Path rotated = Files.write(dir.resolve("delivery.jsonl.1"), older);
        Path current = Files.write(dir.resolve("delivery.jsonl"), newer);

        MessageHistory h = MessageHistory.latest(List.of(rotated, current), "M1", 200);

        assertThat(h.total()).isEqualTo(500);
        assertThat(h.events()).hasSize(200);
        assertThat(h.events().get(0).recipient()).isEqualTo("r300@example.org");
        assertThat(h.events().get(199).recipient()).isEqualTo("r499@example.org");
        assertThat(h.events()).allMatch(e -> e.id().equals("M1"));
    }

    @Test
    void aShortHistoryIsWhole() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        Path log = Files.write(dir.resolve("delivery.jsonl"), List.of(
                EventLog.toJson(event("M2", "b@example.org", t0.plusSeconds(5))),
                EventLog.toJson(event("M2", "a@example.org", t0))));
        MessageHistory h = MessageHistory.latest(List.of(log), "M2", 200);
        assertThat(h.total()).isEqualTo(2);
        assertThat(h.events()).extracting(DeliveryEvent::recipient).containsExactly("a@example.org", "b@example.org");
    }

    private static DeliveryEvent event(String id, String rcpt, Instant at) {
        return new DeliveryEvent("deferred", id, "m@x", "s@example.com", rcpt, "example.org", "mx.example.org",
                "192.0.2.1", null, 451, "4.3.2", "451 4.3.2 try later", 1, null, at.toString());
    }
}
