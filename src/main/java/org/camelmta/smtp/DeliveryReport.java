package org.camelmta.smtp;

import java.util.List;

/**
 * Everything one delivery attempt of one message to one destination produced: a result for
 * every recipient (in the order given) and the connections it used or tried.
 */
public record DeliveryReport(List<RecipientResult> recipients, List<ConnectionAttempt> connections) {

    public DeliveryReport {
        recipients = List.copyOf(recipients);
        connections = List.copyOf(connections);
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
