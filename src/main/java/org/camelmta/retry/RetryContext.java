package org.camelmta.retry;

import java.time.Instant;
import java.util.Objects;
import org.camelmta.submit.ReversePath;

/**
 * The message a retry decision is about: one message for one recipient domain.
 *
 * @param messageId camel-mta's message id (part of host+message hint keys)
 * @param domain    the recipient domain (the rules' second key for host errors)
 * @param sender    the envelope sender (for {@code senders=} and address hint keys)
 * @param received  when the message arrived (its age counts for address errors, and decides
 *                  the "on the queue longer than the last cut-off" cases)
 */
public record RetryContext(String messageId, String domain, ReversePath sender, Instant received) {

    public RetryContext {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(received, "received");
    }
}
