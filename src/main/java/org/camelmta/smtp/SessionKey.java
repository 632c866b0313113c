package org.camelmta.smtp;

import java.net.InetSocketAddress;

/**
 * What makes two sessions interchangeable: the same destination address and port, opened the
 * same way (the connection strategy fixes the source addresses and EHLO names, the TLS policy
 * and credentials fix the security state, and a verified session was verified as one identity:
 * the same address reached as another relay name must prove that name itself). A session
 * opened from any of the strategy's source addresses serves any message that selects the
 * strategy, just as a new connection would have picked one of them at random.
 *
 * @param verifiedAs the identity the server's certificate was checked against; null when unchecked
 */
public record SessionKey(InetSocketAddress destination, String strategy, TlsPolicy tls, String authUser,
                         String verifiedAs) {

    /** The key of a session whose certificate was not checked. */
    public SessionKey(InetSocketAddress destination, String strategy, TlsPolicy tls, String authUser) {
        this(destination, strategy, tls, authUser, null);
    }
}
