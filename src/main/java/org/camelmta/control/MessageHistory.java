package org.camelmta.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.events.EventLog;

/**
 * One message's events from the delivery log, for {@code show}: the latest {@code max} of them,
 * oldest first, and how many there are in all. Only {@code max} events are held while the log
 * is read, however many the message has (a thousand recipients retried for five days make
 * tens of thousands); the log itself keeps every one.
 *
 * @param events the latest events, oldest first
 * @param total  every event of the message in the log
 */
public record MessageHistory(List<DeliveryEvent> events, long total) {

    public static MessageHistory latest(List<Path> logFiles, String id, int max) {
        String needle = "\"id\":\"" + id + "\"";
        Comparator<DeliveryEvent> byTime = Comparator.comparing(DeliveryEvent::timestamp);
        PriorityQueue<DeliveryEvent> latest = new PriorityQueue<>(byTime);
        long total = 0;
        for (Path file : logFiles) {
            try (Stream<String> lines = Files.lines(file)) {
                for (String line : (Iterable<String>) lines.filter(l -> l.contains(needle))::iterator) {
                    DeliveryEvent e = EventLog.fromJson(line);
                    if (!id.equals(e.id())) {
                        continue;
                    }
                    total++;
                    latest.add(e);
                    if (latest.size() > max) {
                        latest.poll();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the delivery log " + file, e);
            }
        }
        List<DeliveryEvent> events = new ArrayList<>(latest);
        events.sort(byTime);
        return new MessageHistory(events, total);
    }
}
