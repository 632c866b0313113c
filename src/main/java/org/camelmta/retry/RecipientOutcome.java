package org.camelmta.retry;

import java.time.Instant;
import org.camelmta.smtp.RecipientResult;

/**
 * A recipient's result and what was decided about it.
 *
 * @param nextAttempt when it is tried again; null unless deferred
 */
public record RecipientOutcome(RecipientResult result, Disposition disposition, Instant nextAttempt) {
}
