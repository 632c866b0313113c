package org.camelmta.smtp;

import java.util.List;
import org.camelmta.submit.MailAddress;

/**
 * What one SMTP transaction settled.
 *
 * @param decided   recipients with a final answer from this transaction: delivered, refused or
 *                  deferred by the server
 * @param retryNow  recipients the server had no room for in this transaction (452/552 "too many
 *                  recipients"); they go in the next transaction on the same session at once
 * @param undecided recipients left without an answer because the session broke
 * @param broken    the failure that broke the session (421 and close, timeout, lost connection);
 *                  null when the session is still usable
 */
public record TransactionResult(List<RecipientResult> decided, List<MailAddress> retryNow,
                                List<MailAddress> undecided, SmtpFailure broken) {

    public TransactionResult {
        decided = List.copyOf(decided);
        retryNow = List.copyOf(retryNow);
        undecided = List.copyOf(undecided);
    }
}
