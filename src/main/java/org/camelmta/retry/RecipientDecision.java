package org.camelmta.retry;

import java.time.Instant;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;

/**
 * What becomes of one recipient after an attempt (or instead of one).
 *
 * @param recipient   the recipient
 * @param outcome     delivered, bounced (permanent failure, or a temporary one no rule
 *                    covers), deferred, or expired (past the retry cut-off: bounce it)
 * @param reply       the reply that decided it; for decisions made without trying (retry time
 *                    not reached) a locally made one
 * @param nextAttempt when to try again (deferred only; null otherwise)
 * @param reason      a line for logs and bounces, e.g. "retry timeout exceeded"
 */
public record RecipientDecision(MailAddress recipient, Outcome outcome, SmtpReply reply, Instant nextAttempt,
                                String reason) {

    /** The outcomes, named as the events are. */
    public enum Outcome {
        DELIVERED, BOUNCED, DEFERRED, EXPIRED;

        /** Whether the sender should get a bounce (DSN) for it. */
        public boolean isFailure() {
            return this == BOUNCED || this == EXPIRED;
        }
    }
}
