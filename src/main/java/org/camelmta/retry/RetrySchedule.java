package org.camelmta.retry;

import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The arithmetic of Exim's {@code retry_update}: given the previous hint (or none), the rule,
 * the time and the message's arrival, the hint after one more failure and whether the failure
 * has timed out. A pure function; time and randomness are parameters.
 */
public final class RetrySchedule {

    private final long intervalMax;
    private final long dataExpire;

    public RetrySchedule(RetrySettings settings) {
        this.intervalMax = settings.intervalMax().getSeconds();
        this.dataExpire = settings.dataExpire().getSeconds();
    }

    /**
     * The hint after a failure.
     *
     * @param record   the hint to write
     * @param timedOut whether this failure ends retrying for the item: the rule's last cut-off
     *                 has passed ({@code record.expired()}), or the message has been waiting
     *                 longer than that cut-off since before the destination began failing
     */
    public record Update(RetryRecord record, boolean timedOut) {
    }

    /** Whether a hint is too old to use ({@code retry_data_expire}): it counts as absent. */
    public boolean isStale(RetryRecord record, Instant now) {
        return now.getEpochSecond() - record.lastTry().getEpochSecond() > dataExpire;
    }

    /** The hint if it is still fresh. */
    public Optional<RetryRecord> fresh(Optional<RetryRecord> record, Instant now) {
        return record.filter(r -> !isStale(r, now));
    }

    /**
     * One more failure of a host (no message age involved). This is the function the schedule
     * tables exercise: expanding a whole schedule is calling it at each next try.
     */
    public RetryRecord afterFailure(String key, RetryRecord previousOrNull, RetryRule rule, Instant now,
                                    RandomGenerator random) {
        RetryError error = new RetryError(RetryError.Kind.OTHER, HintScope.HOST, false, false, 0, false, null, "");
        return afterFailure(key, previousOrNull, rule, error, now, null, random).record();
    }

    /**
     * One more failure.
     *
     * @param key      the hint key
     * @param previous the stored hint, or null (a stale one is ignored here)
     * @param rule     the rule found for the error
     * @param error    the error; for errors not about a host its message's age counts as time
     *                 failing when it is longer
     * @param now      the time of the failure
     * @param received when the message arrived, or null when there is no message to consider
     * @param random   for {@code H} rules
     */
    public Update afterFailure(String key, RetryRecord previous, RetryRule rule, RetryError error, Instant now,
                               Instant received, RandomGenerator random) {
        long t = now.getEpochSecond();
        RetryRecord prev = previous == null || isStale(previous, now) ? null : previous;
        long firstFailed = prev == null ? t : prev.firstFailed().getEpochSecond();
        long lastTry = prev == null ? t : prev.lastTry().getEpochSecond();
        long plannedNext = prev == null ? t : prev.nextTry().getEpochSecond();
        long arrived = received == null ? Long.MAX_VALUE : received.getEpochSecond();

        long failing = t - firstFailed;
        // Exim: a success for another message resets first_failed; the message's age keeps a
        // message that keeps failing from being retried for ever.
        if (!error.scope().isHostBased() && received != null && t - arrived > failing) {
            failing = t - arrived;
        }

        RetryAlgorithm algorithm = rule.algorithmAt(failing).orElse(null);
        boolean expired = algorithm == null;
        boolean timedOut = expired;
        if (expired && !rule.algorithms().isEmpty()) {
            // Past the last cut-off the last parameter set keeps computing retry times, which
            // decide when the next message may try the destination again.
            algorithm = rule.algorithms().get(rule.algorithms().size() - 1);
        }
        if (!expired && received != null && arrived <= firstFailed
                && t - arrived > rule.finalCutoff().getSeconds()) {
            timedOut = true;
            algorithm = null;
        }

        long next = algorithm == null ? t : t + algorithm.nextInterval(plannedNext - lastTry, t - lastTry, random);
        if (next - t > intervalMax) {
            next = t + intervalMax;
        }
        RetryRecord record = new RetryRecord(key, Instant.ofEpochSecond(firstFailed), Instant.ofEpochSecond(t),
                Instant.ofEpochSecond(next), expired, error.name(), error.text());
        return new Update(record, timedOut);
    }
}
