package org.camelmta.retry;

import org.camelmta.smtp.RecipientResult;

/**
 * A recipient's decision after an attempt, with the attempt's result when there was one
 * (null for a recipient held back because its retry time had not come).
 */
public record RecipientOutcome(RecipientDecision decision, RecipientResult result) {

    public RecipientDecision.Outcome outcome() {
        return decision.outcome();
    }
}
