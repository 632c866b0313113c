package org.camelmta.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery log: one JSON line per event in {@code <data-dir>/log/delivery.jsonl}, the same
 * text that goes to {@code mta.events}. It never blocks delivery: lines are queued and a writer
 * thread appends them; if the disk falls so far behind that the queue fills, lines are counted
 * and dropped (the topic, written in the delivery's transaction, still has every event). The
 * file rolls over at a size and at midnight UTC to {@code delivery-<date>-<n>.jsonl}, keeping a
 * bounded number of old files.
 *
 * <p>Written here rather than as a Log4j appender: this is data other programs read, and it must
 * not depend on, or be silenced by, whatever logging configuration the host application has.
 */
public class EventLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STOP = "\u0000stop";

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private final Clock clock;
    private final BlockingQueue<String> pending;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final Thread writer;
    private BufferedWriter out;
    private long size;
    private LocalDate day;
    private long linesOut; // writer thread only; published to `written` after each flush

    /**
     * @param maxBytes rotate when the file would grow past this
     * @param maxFiles how many rotated files to keep
     */
    public EventLog(Path file, long maxBytes, int maxFiles, int queueCapacity, Clock clock) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
        this.pending = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::drain, "mta-delivery-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public EventLog(Path file) {
        this(file, 100L * 1024 * 1024, 30, 100_000, Clock.systemUTC());
    }

    public Path file() {
        return file;
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

    /** Queues one line; never waits. */
    public void append(String jsonLine) {
        if (pending.offer(jsonLine)) {
            queued.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                LOG.warn("the delivery log {} is behind: {} lines dropped (the events topic has them all)", file, n);
            }
        }
    }

    /** Lines on disk so far (flushed), and lines dropped because the writer fell behind. */
    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** The log's files, rotated ones first (oldest first), the current one last. */
    public List<Path> files() {
        List<Path> result = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> isRotated(p.getFileName().toString())).sorted(Comparator.comparing(this::rotatedOrder))
                        .forEach(result::add);
            } catch (IOException e) {
                LOG.warn("cannot list {}", dir, e);
            }
        }
        if (Files.exists(file)) {
            result.add(file);
        }
        return result;
    }

    /** Waits until everything queued so far is on disk (for tests and shutdown). */
    public void flush(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (written.get() < queued.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (pending.offer(STOP, 10, TimeUnit.SECONDS)) {
                writer.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                String first = pending.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch); // write what else is waiting before flushing once
                boolean stop = batch.remove(STOP);
                writeAll(batch);
                batch.clear();
                if (stop) {
                    closeFile();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeFile();
                return;
            }
        }
    }

    private void writeAll(List<String> lines) {
        try {
            for (String line : lines) {
                write(line);
            }
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            // Keep draining so delivery never waits on us; try the file again with the next lines.
            long n = dropped.addAndGet(lines.size());
            LOG.error("cannot write the delivery log {} ({} lines lost so far; mta.events has them): {}", file, n,
                    e.getMessage());
            closeFile();
        }
        written.set(linesOut + dropped.get());
    }

    private void write(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (out == null) {
            open(today);
        } else if (!today.equals(day) || size + bytes.length > maxBytes) {
            rotate();
            open(today);
        }
        out.write(line);
        out.write('\n');
        size += bytes.length;
        linesOut++;
    }

    private void open(LocalDate today) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
        day = size == 0 ? today : LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
        if (!day.equals(today) && size > 0) {
            rotate();
            open(today);
        }
    }

    private void rotate() throws IOException {
        closeFile();
        String base = stem() + "-" + day + "-";
        // One past the highest number of the day, so numbers keep their order after old files go.
        int n = 1 + files().stream().map(p -> p.getFileName().toString()).filter(name -> name.startsWith(base))
                .mapToInt(name -> Integer.parseInt(name.substring(base.length(), name.length() - ".jsonl".length())))
                .max().orElse(0);
        Files.move(file, file.resolveSibling(base + n + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
        List<Path> rotated = files().stream().filter(p -> !p.equals(file)).toList();
        for (int i = 0; i < rotated.size() - maxFiles; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("closing {}", file, e);
            }
            out = null;
        }
    }

    private String stem() {
        String name = file.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    }

    private boolean isRotated(String name) {
        return name.matches(java.util.regex.Pattern.quote(stem()) + "-\\d{4}-\\d{2}-\\d{2}-\\d+\\.jsonl");
    }

    // delivery-2026-11-23-2.jsonl sorts by date, then by number
    private String rotatedOrder(Path p) {
        String rest = p.getFileName().toString().substring(stem().length() + 1).replace(".jsonl", "");
        int dash = rest.lastIndexOf('-');
        return rest.substring(0, dash) + "-" + String.format("%06d", Integer.parseInt(rest.substring(dash + 1)));
    }
}
