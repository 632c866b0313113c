package org.camelmta.app.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Submit-to-250 times, one slot per message: the submitter stamps when its transaction
 * committed, the sink stamps when it answered 250 to the message's final dot. Fixed arrays, so
 * recording costs no allocation on either side.
 */
final class LatencyRecorder {

    private final AtomicLongArray submitted;
    private final AtomicLongArray delivered;
    private final AtomicInteger deliveredCount = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();

    LatencyRecorder(int messages) {
        submitted = new AtomicLongArray(messages);
        delivered = new AtomicLongArray(messages);
    }

    void submitted(int seq, long nanos) {
        submitted.set(seq, nanos);
    }

    void delivered(int seq, long nanos) {
        if (seq < 0 || seq >= delivered.length()) {
            return;
        }
        if (delivered.compareAndSet(seq, 0, nanos)) {
            deliveredCount.incrementAndGet();
        } else {
            duplicates.incrementAndGet();
        }
    }

    int deliveredCount() {
        return deliveredCount.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    long lastDelivery() {
        long last = 0;
        for (int i = 0; i < delivered.length(); i++) {
            last = Math.max(last, delivered.get(i));
        }
        return last;
    }

    /** Percentiles of the delivered messages' latency, in milliseconds. */
    double[] percentiles(double... ps) {
        long[] latencies = new long[deliveredCount.get()];
        int n = 0;
        for (int i = 0; i < delivered.length() && n < latencies.length; i++) {
            long d = delivered.get(i);
            long s = submitted.get(i);
            if (d != 0 && s != 0) {
                latencies[n++] = Math.max(0, d - s);
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double[] result = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            result[i] = n == 0 ? 0 : sorted[(int) Math.min(n - 1, Math.ceil(ps[i] / 100.0 * n) - 1)] / 1e6;
        }
        return result;
    }
}
