package org.camelmta.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * One parameter set of a retry rule ({@code F,2h,15m}, {@code G,16h,1h,1.5},
 * {@code H,16h,1h,1.5}): it applies while the time since the first failure is at most its
 * cut-off, and says how long to wait before the next try. All arithmetic is in whole seconds,
 * as in Exim's {@code retry_update}.
 */
public sealed interface RetryAlgorithm permits FixedInterval, Geometric, RandomizedGeometric {

    /** How long after the first failure this parameter set stays in force. */
    Duration cutoff();

    /**
     * Seconds from now to the next try.
     *
     * @param predictedGap the gap the previous computation planned (its next try minus its last try)
     * @param actualGap    the time since the last try
     * @param random       randomness, for {@link RandomizedGeometric}
     */
    long nextInterval(long predictedGap, long actualGap, RandomGenerator random);

    default long cutoffSeconds() {
        return cutoff().getSeconds();
    }
}
