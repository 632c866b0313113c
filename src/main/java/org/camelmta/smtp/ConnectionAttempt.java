package org.camelmta.smtp;

import java.net.InetAddress;
import org.camelmta.dns.Hop;

/**
 * One connection delivery opened or tried to open, and how it went. Failed attempts are what
 * host retry hints are made of (Exim: refused, connect timeout, lost connection, an error at
 * the banner or EHLO are host errors).
 *
 * @param hop      the host and address
 * @param sourceIp the local address bound, or null when the system chose
 * @param reused   whether the session came from the connection cache
 * @param failure  the reply describing why the connection could not be used; null when it
 *                 carried (or could carry) mail
 * @param phase    the phase the failure happened in (null on success)
 * @param cause    how it failed (null on success)
 */
public record ConnectionAttempt(Hop hop, InetAddress sourceIp, boolean reused, SmtpReply failure, Phase phase,
                                Cause cause) {

    public static ConnectionAttempt succeeded(Hop hop, InetAddress sourceIp, boolean reused) {
        return new ConnectionAttempt(hop, sourceIp, reused, null, null, null);
    }

    public static ConnectionAttempt failed(Hop hop, InetAddress sourceIp, SmtpFailure failure) {
        return new ConnectionAttempt(hop, sourceIp, false, failure.reply(), failure.phase(), failure.cause());
    }

    public boolean isFailure() {
        return failure != null;
    }
}
