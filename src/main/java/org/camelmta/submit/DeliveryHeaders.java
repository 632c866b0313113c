package org.camelmta.submit;

import java.time.Instant;
import org.apache.camel.Message;

/**
 * Reads and writes an {@link Envelope} as the JMS properties of a message on
 * {@code mta.delivery} and {@code mta.deferred}, so every stage reads it the same way.
 */
public final class DeliveryHeaders {

    private DeliveryHeaders() {
    }

    public static void write(Envelope envelope, Message m) {
        m.setHeader(MtaHeaders.ID, envelope.id());
        m.setHeader(MtaHeaders.SENDER, envelope.sender().toString());
        m.setHeader(MtaHeaders.RECIPIENTS, envelope.recipientList());
        m.setHeader(MtaHeaders.DOMAIN, envelope.domain());
        m.setHeader(MtaHeaders.MESSAGE_ID, envelope.messageId());
        m.setHeader(MtaHeaders.SUBMITTED, envelope.submittedAt().toEpochMilli());
    }

    public static Envelope read(Message m) {
        String id = m.getHeader(MtaHeaders.ID, String.class);
        if (id == null) {
            throw new IllegalArgumentException("message has no " + MtaHeaders.ID + " property");
        }
        Long submitted = m.getHeader(MtaHeaders.SUBMITTED, Long.class);
        return new Envelope(id,
                ReversePath.parse(m.getHeader(MtaHeaders.SENDER, "", String.class)),
                Envelope.parseRecipients(m.getHeader(MtaHeaders.RECIPIENTS, "", String.class)),
                m.getHeader(MtaHeaders.MESSAGE_ID, "", String.class),
                submitted == null ? Instant.EPOCH : Instant.ofEpochMilli(submitted));
    }

    public static int attempt(Message m) {
        Integer a = m.getHeader(MtaHeaders.ATTEMPT, Integer.class);
        return a == null ? 0 : a;
    }
}
