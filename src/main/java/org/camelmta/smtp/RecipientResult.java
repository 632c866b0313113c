package org.camelmta.smtp;

import java.net.InetAddress;
import org.camelmta.dns.Hop;
import org.camelmta.submit.MailAddress;

/**
 * The outcome of one delivery attempt for one recipient.
 *
 * @param recipient the recipient
 * @param reply     the reply that decided it: the end-of-data reply for a delivered recipient,
 *                  otherwise the reply (or locally made reply) that refused or deferred it
 * @param phase     the phase the deciding reply answered
 * @param cause     {@link Cause#REPLY} when the server answered, otherwise what happened instead
 * @param hop       the host it was decided at; null when no connection was made (DNS failure)
 * @param sourceIp  the local address of the connection; null when there was none
 * @param dsnOffered whether the server that answered advertised DSN (RFC 3461): a server that
 *                   did took the NOTIFY request and reports success itself; for one that did
 *                   not, a sender asking NOTIFY=SUCCESS gets a "relayed" notice from us
 */
public record RecipientResult(MailAddress recipient, SmtpReply reply, Phase phase, Cause cause, Hop hop,
                              InetAddress sourceIp, boolean dsnOffered) {

    /** A result from no server, or from one whose DSN support does not matter. */
    public RecipientResult(MailAddress recipient, SmtpReply reply, Phase phase, Cause cause, Hop hop,
                           InetAddress sourceIp) {
        this(recipient, reply, phase, cause, hop, sourceIp, false);
    }

    public boolean isDelivered() {
        return reply.isPositive() && phase == Phase.DATA_END;
    }

    public boolean isPermanentFailure() {
        return reply.isPermanent();
    }

    public boolean isTransientFailure() {
        return !isDelivered() && !reply.isPermanent();
    }
}
