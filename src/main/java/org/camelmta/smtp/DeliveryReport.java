package org.camelmta.smtp;

import java.util.ArrayList;
import java.util.List;
import org.camelmta.submit.MailAddress;

/**
 * Everything one delivery attempt of one message to one destination produced: a result for
 * every recipient (in the order given) and the connections it used or tried.
 */
public record DeliveryReport(List<RecipientResult> recipients, List<ConnectionAttempt> connections) {

    public DeliveryReport {
        recipients = List.copyOf(recipients);
        connections = List.copyOf(connections);
    }

    /** Every recipient failed the same way before any connection (a DNS failure, a bad configuration). */
    public static DeliveryReport allFailed(List<MailAddress> recipients, SmtpReply reply, Phase phase, Cause cause) {
        List<RecipientResult> results = new ArrayList<>(recipients.size());
        for (MailAddress r : recipients) {
            results.add(new RecipientResult(r, reply, phase, cause, null, null));
        }
        return new DeliveryReport(results, List.of());
    }

    public List<RecipientResult> delivered() {
        return recipients.stream().filter(RecipientResult::isDelivered).toList();
    }

    public List<RecipientResult> permanentFailures() {
        return recipients.stream().filter(RecipientResult::isPermanentFailure).toList();
    }

    public List<RecipientResult> transientFailures() {
        return recipients.stream().filter(RecipientResult::isTransientFailure).toList();
    }
}
