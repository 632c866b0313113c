package org.camelmta.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values for something unbounded (recipient domains, destination addresses), bounded:
 * the first {@code max} distinct values seen keep their own label for the life of the engine,
 * every later one is {@code other}. First come rather than "the busiest now", so the set of
 * series a Prometheus server stores stays bounded over time, not only per scrape.
 */
final class BoundedLabels {

    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    private volatile boolean full;

    BoundedLabels(int max) {
        this.max = max;
        this.full = max == 0;
    }

    /** The label for {@code value}: itself (lower case) while there is room, else {@code other}. */
    String of(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (admitted.contains(v)) {
            return v;
        }
        if (full) {
            return OTHER; // the common case once full: no lock
        }
        synchronized (this) {
            if (admitted.size() < max) {
                admitted.add(v);
                return v;
            }
            full = true;
            return OTHER;
        }
    }
}
