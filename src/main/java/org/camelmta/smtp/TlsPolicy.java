package org.camelmta.smtp;

import java.util.Locale;

/**
 * When to use STARTTLS, and whether the certificate is checked. Opportunistic TLS checks no
 * certificate (Postfix's {@code may}: MX names come from unauthenticated DNS, so a verified
 * certificate would prove little without DANE or MTA-STS, and many servers have self-signed
 * ones). {@code require} verifies the chain against the trust store and the name against the
 * hop's route or host (Postfix's {@code verify}, see {@link ServerIdentity}); so does any hop
 * that carries relay credentials, whatever the policy.
 */
public enum TlsPolicy {
    /** Use TLS when the server offers it; if the handshake fails, retry that host in clear on a new connection. */
    OPPORTUNISTIC,
    /**
     * Deliver only over TLS with a verified certificate; a server without TLS, or whose
     * certificate fails the check, is a temporary failure.
     */
    REQUIRE,
    /** Never use TLS. */
    DISABLED;

    public static TlsPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown TLS policy '" + text + "' (opportunistic, require, disabled)");
        }
    }
}
