package org.camelmta.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * {@code G,<cutoff>,<minimum>,<multiplier>}: intervals growing geometrically. As Exim computes
 * it, the previous gap is the smaller of the planned and the actual one; below the minimum the
 * next gap is the minimum, otherwise the previous gap times the multiplier, rounded down to a
 * whole second.
 *
 * @param multiplierThousandths the multiplier in thousandths (1.5 is 1500), as Exim keeps it
 */
public record Geometric(Duration cutoff, Duration minimum, int multiplierThousandths) implements RetryAlgorithm {

    @Override
    public long nextInterval(long predictedGap, long actualGap, RandomGenerator random) {
        long lastGap = Math.min(predictedGap, actualGap);
        long p1 = minimum.getSeconds();
        return lastGap < p1 ? p1 : scaled(lastGap, multiplierThousandths);
    }

    static long scaled(long gap, int thousandths) {
        return Math.floorDiv(gap * thousandths, 1000);
    }

    @Override
    public String toString() {
        return "G," + RetryTimes.format(cutoff.getSeconds()) + "," + RetryTimes.format(minimum.getSeconds()) + ","
                + RetryTimes.formatThousandths(multiplierThousandths);
    }
}
