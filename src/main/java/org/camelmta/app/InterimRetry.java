package org.camelmta.app;

import java.time.Duration;
import org.camelmta.retry.OutcomeProcessor;

/** Until the Exim rules engine is wired: every 15 minutes for 5 days (Exim's first rule, flattened). */
final class InterimRetry {

    private InterimRetry() {
    }

    static OutcomeProcessor.RetryDecider decider() {
        return (envelope, result, firstFailure, now) ->
                Duration.between(firstFailure, now).compareTo(Duration.ofDays(5)) > 0 ? null : now.plus(Duration.ofMinutes(15));
    }
}
