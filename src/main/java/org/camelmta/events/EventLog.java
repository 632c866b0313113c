package org.camelmta.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The delivery log: one JSON line per event in {@code <data-dir>/log/delivery.jsonl}, the
 * same text that goes to {@code mta.events}.
 */
public class EventLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private Writer writer;

    public EventLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The log's files, oldest first (today only the one; rotated ones join it). */
    public java.util.List<Path> files() {
        return java.nio.file.Files.exists(file) ? java.util.List.of(file) : java.util.List.of();
    }

    public static String toJson(DeliveryEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that cannot be JSON: " + event, e);
        }
    }

    public static DeliveryEvent fromJson(String json) {
        try {
            return JSON.readValue(json, DeliveryEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a camel-mta event: " + json, e);
        }
    }

    /** Appends one line and flushes it to the operating system. */
    public synchronized void append(String jsonLine) {
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(jsonLine);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delivery log " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
