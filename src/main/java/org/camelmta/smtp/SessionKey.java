package org.camelmta.smtp;

import java.net.InetSocketAddress;

/**
 * What makes two sessions interchangeable: the same destination address and port, opened the
 * same way (the connection strategy fixes the source addresses and EHLO names, the TLS policy
 * and credentials fix the security state). A session opened from any of the strategy's source
 * addresses serves any message that selects the strategy, just as a new connection would have
 * picked one of them at random.
 */
public record SessionKey(InetSocketAddress destination, String strategy, TlsPolicy tls, String authUser) {
}
