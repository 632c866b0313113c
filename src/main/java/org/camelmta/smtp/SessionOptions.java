package org.camelmta.smtp;

import javax.net.ssl.SSLSocketFactory;
import org.camelmta.dns.RelayCredentials;

/**
 * How to open and run one session: the name to greet with, the timeouts, the TLS policy and,
 * for a relay that wants it, the credentials, and whose certificate the server must show.
 *
 * @param ehloName     the name sent in EHLO/HELO
 * @param timeouts     per-phase timeouts
 * @param tlsPolicy    when to use STARTTLS
 * @param tlsFactory   the client TLS socket factory (it verifies nothing: {@code verification} does)
 * @param credentials  AUTH user and password; null for none (only a static route's hop has any)
 * @param verification the certificate check the server must pass once TLS is up, before anything
 *                     else is said; null for none (opportunistic TLS). Required with credentials.
 */
public record SessionOptions(String ehloName, SmtpTimeouts timeouts, TlsPolicy tlsPolicy, SSLSocketFactory tlsFactory,
                             RelayCredentials credentials, Verification verification) {

    public SessionOptions {
        if (ehloName == null || ehloName.isBlank() || !ehloName.matches("[\\x21-\\x7E]+")) {
            throw new IllegalArgumentException("bad EHLO name: " + ehloName);
        }
        if (credentials != null && verification == null) {
            throw new IllegalArgumentException("credentials are only ever sent to a verified server");
        }
    }

    /** Options without credentials or certificate verification (opportunistic MX delivery). */
    public SessionOptions(String ehloName, SmtpTimeouts timeouts, TlsPolicy tlsPolicy, SSLSocketFactory tlsFactory) {
        this(ehloName, timeouts, tlsPolicy, tlsFactory, null, null);
    }

    public SessionOptions withTlsPolicy(TlsPolicy policy) {
        return new SessionOptions(ehloName, timeouts, policy, tlsFactory, credentials, verification);
    }

    /**
     * The check a server's certificate must pass: it chains to {@code trust} and names {@code identity}.
     */
    public record Verification(ServerTrust trust, ServerIdentity identity) {
    }
}
