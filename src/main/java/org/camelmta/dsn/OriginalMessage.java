package org.camelmta.dsn;

import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.RecipientDsn;
import org.camelmta.submit.Envelope;

/**
 * The message a notice is about: its envelope (camel-mta id, sender, Message-ID, arrival
 * time), what its submitter asked in the way of DSNs, and its content as submitted.
 *
 * @param envelope the envelope as submitted (any recipient subset will do: the notice names
 *                 its recipients itself)
 * @param dsn      the DSN request; {@link DsnRequest#NONE} when nothing was asked
 * @param content  the RFC 5322 message, CRLF or LF line ends
 */
public record OriginalMessage(Envelope envelope, DsnRequest dsn, byte[] content) {

    public OriginalMessage {
        if (envelope == null || content == null) {
            throw new IllegalArgumentException("an original message needs its envelope and content");
        }
        dsn = dsn == null ? DsnRequest.NONE : dsn;
    }

    /** What the sender asked about one recipient. */
    public RecipientDsn request(org.camelmta.submit.MailAddress recipient) {
        return dsn.forRecipient(recipient);
    }
}
