package org.camelmta.control;

import java.util.List;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;

/** The results of the control verbs, as the JSON replies carry them. */
public final class ControlResults {

    private ControlResults() {
    }

    /**
     * {@code queue}: deferred mail by destination, like {@code postqueue -p} and {@code qshape}
     * in one view, and the depth of every camel-mta queue. One page of destinations, the
     * busiest first: {@code destinations} holds at most {@code limit} of the {@code total}, from
     * {@code offset} on, so the reply stays small however many destinations wait.
     */
    public record QueueListing(List<Destination> destinations, Map<String, Long> queues, long total, int offset,
                               int limit) {
    }

    /**
     * One destination's deferred mail.
     *
     * @param messages    messages waiting (one per submission)
     * @param recipients  recipients waiting
     * @param oldest      when the oldest was submitted (ISO-8601)
     * @param nextAttempt the earliest next attempt among them (ISO-8601)
     * @param lastError   the most recent error
     * @param suspended   whether an operator suspended the destination, with when and why
     */
    public record Destination(String domain, long messages, long recipients, String oldest, String nextAttempt,
                              String lastError, boolean suspended, String suspendedSince, String suspendedReason) {
    }

    /**
     * {@code show}: one message's waiting copies and what happened to it: the latest
     * {@code history.size()} of {@code events} events (a message to many recipients retried for
     * days has thousands; the reply keeps the last ones).
     */
    public record MessageDetail(String id, List<ParkedCopy> parked, List<DeliveryEvent> history, long events) {
    }

    /**
     * A message's copy waiting for one destination: the first {@code recipients.size()} of its
     * {@code recipientCount} recipients.
     */
    public record ParkedCopy(String domain, String sender, List<String> recipients, String messageId, String submitted,
                             int attempts, String firstFailure, String nextAttempt, String lastError,
                             int recipientCount) {
    }

    /** {@code flush}, {@code delete}, {@code bounce}: how many messages the verb moved or removed. */
    public record Affected(long messages) {
    }

    /** {@code suspend}, {@code resume}: the destination's state after the verb. */
    public record SuspensionState(String domain, boolean suspended, String since, String reason) {
    }
}
