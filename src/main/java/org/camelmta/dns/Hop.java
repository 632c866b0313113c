package org.camelmta.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One entry of a connection plan: a host to connect to, at one of its addresses.
 *
 * @param host       the MX target (or the route's host, or the domain itself for an implicit MX)
 * @param preference the MX preference it came with (0 for implicit MX and static routes)
 * @param address    the IP address to connect to
 * @param port       the TCP port
 * @param fromMx     whether the host was named by an MX record (Exim's {@code _MX} retry
 *                   qualifier); false for an implicit MX or a {@code [host]} static route
 */
public record Hop(String host, int preference, InetAddress address, int port, boolean fromMx) {

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** {@code mx1.example.com[192.0.2.1]:25}, the way Postfix names a peer in its logs. */
    @Override
    public String toString() {
        return host + "[" + address.getHostAddress() + "]:" + port;
    }
}
