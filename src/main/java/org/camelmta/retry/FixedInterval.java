package org.camelmta.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** {@code F,<cutoff>,<interval>}: try again after a fixed interval. */
public record FixedInterval(Duration cutoff, Duration interval) implements RetryAlgorithm {

    @Override
    public long nextInterval(long predictedGap, long actualGap, RandomGenerator random) {
        return interval.getSeconds();
    }

    @Override
    public String toString() {
        return "F," + RetryTimes.format(cutoff.getSeconds()) + "," + RetryTimes.format(interval.getSeconds());
    }
}
