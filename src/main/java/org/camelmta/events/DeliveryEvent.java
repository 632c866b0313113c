package org.camelmta.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One recipient outcome, as published on topic {@code mta.events} and written to
 * {@code <data-dir>/log/delivery.jsonl}. The field names are a contract (DESIGN.md).
 *
 * @param event        {@code delivered}, {@code deferred}, {@code bounced}, {@code expired} or {@code invalid}
 * @param id           camel-mta's message id
 * @param messageId    the Message-ID header, without angle brackets
 * @param sender       the envelope sender; empty for the null sender
 * @param recipient    the recipient this event is about
 * @param domain       the recipient's domain
 * @param mx           the host that answered (null when no connection was made)
 * @param ip           its address
 * @param sourceIp     the local address of the connection
 * @param code         the SMTP reply code (local failures have one too)
 * @param enhancedCode the RFC 3463 status, when known
 * @param response     the whole reply, on one line
 * @param attempt      which attempt this was, from 1
 * @param nextAttempt  when the next attempt is due (deferred only)
 * @param timestamp    when it happened, ISO-8601 UTC
 */
@JsonPropertyOrder({"event", "id", "messageId", "sender", "recipient", "domain", "mx", "ip", "sourceIp", "code",
        "enhancedCode", "response", "attempt", "nextAttempt", "timestamp"})
public record DeliveryEvent(String event, String id, String messageId, String sender, String recipient, String domain,
                            String mx, String ip, String sourceIp, Integer code, String enhancedCode, String response,
                            int attempt, @JsonInclude(JsonInclude.Include.NON_NULL) String nextAttempt,
                            String timestamp) {
}
