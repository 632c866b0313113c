package org.camelmta.loopback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link ZoneDnsServer} was asked: the most recent queries in order, and exact counts of
 * all of them. The list is bounded so a benchmark can run the server for long; the counts are not.
 */
final class ZoneQueryLog {

    private static final int MAX_ENTRIES = 100_000;

    private final ArrayDeque<ZoneQuery> recent = new ArrayDeque<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    void record(ZoneQuery query) {
        total.incrementAndGet();
        counts.computeIfAbsent(key(query.name(), query.type()), k -> new LongAdder()).increment();
        synchronized (recent) {
            if (recent.size() == MAX_ENTRIES) {
                recent.removeFirst();
            }
            recent.addLast(query);
        }
    }

    List<ZoneQuery> recent() {
        synchronized (recent) {
            return List.copyOf(new ArrayList<>(recent));
        }
    }

    long total() {
        return total.get();
    }

    long count(String name, String type) {
        LongAdder n = counts.get(key(name, type));
        return n == null ? 0 : n.sum();
    }

    void clear() {
        synchronized (recent) {
            recent.clear();
            counts.clear();
            total.set(0);
        }
    }

    static String normalName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    private static String key(String name, String type) {
        return normalName(name) + "/" + type.toUpperCase(Locale.ROOT);
    }
}
