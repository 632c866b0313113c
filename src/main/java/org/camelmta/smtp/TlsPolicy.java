package org.camelmta.smtp;

import java.util.Locale;

/**
 * When to use STARTTLS. Certificates of MX hosts are not verified in any mode (as Postfix's
 * {@code may} and {@code encrypt} levels: MX names come from unauthenticated DNS, so a
 * verified certificate would prove little without DANE or MTA-STS).
 */
public enum TlsPolicy {
    /** Use TLS when the server offers it; if the handshake fails, retry that host in clear on a new connection. */
    OPPORTUNISTIC,
    /** Deliver only over TLS; a server without it is a temporary failure. */
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
