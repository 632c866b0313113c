package org.camelmta.smtp;

import javax.net.ssl.SSLSocketFactory;

/**
 * How to open and run one session: the name to greet with, the timeouts, the TLS policy and,
 * for a relay that wants it, the credentials.
 *
 * @param ehloName    the name sent in EHLO/HELO
 * @param timeouts    per-phase timeouts
 * @param tlsPolicy   when to use STARTTLS
 * @param tlsFactory  the client TLS socket factory
 * @param credentials AUTH user and password; null for none (MX delivery never authenticates)
 */
public record SessionOptions(String ehloName, SmtpTimeouts timeouts, TlsPolicy tlsPolicy, SSLSocketFactory tlsFactory,
                             Credentials credentials) {

    public SessionOptions {
        if (ehloName == null || ehloName.isBlank() || !ehloName.matches("[\\x21-\\x7E]+")) {
            throw new IllegalArgumentException("bad EHLO name: " + ehloName);
        }
    }

    public SessionOptions withTlsPolicy(TlsPolicy policy) {
        return new SessionOptions(ehloName, timeouts, policy, tlsFactory, credentials);
    }

    /** A user name and password for AUTH PLAIN or LOGIN, sent only over TLS. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + ", ****]";
        }
    }
}
