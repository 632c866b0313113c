package org.camelmta.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * {@code H,<cutoff>,<minimum>,<multiplier>}: like {@link Geometric}, but the next gap is drawn
 * from the upper half of the range between the minimum and the geometric gap, so that many
 * destinations failing together do not all come back at once. Exim's formula:
 * {@code minimum + random(d)/2 + d/2} with {@code d = ⌊lastGap·m⌋ − minimum}, and exactly the
 * minimum when {@code d ≤ 0}.
 */
public record RandomizedGeometric(Duration cutoff, Duration minimum, int multiplierThousandths)
        implements RetryAlgorithm {

    @Override
    public long nextInterval(long predictedGap, long actualGap, RandomGenerator random) {
        long lastGap = Math.min(predictedGap, actualGap);
        long p1 = minimum.getSeconds();
        long nextGap = Geometric.scaled(lastGap, multiplierThousandths);
        if (nextGap <= p1) {
            return p1;
        }
        long d = nextGap - p1;
        return p1 + random.nextLong(d) / 2 + d / 2;
    }

    @Override
    public String toString() {
        return "H," + RetryTimes.format(cutoff.getSeconds()) + "," + RetryTimes.format(minimum.getSeconds()) + ","
                + RetryTimes.formatThousandths(multiplierThousandths);
    }
}
