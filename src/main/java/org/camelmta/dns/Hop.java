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
 * @param route      the static route that chose this hop; null when the recipient's domain
 *                   (its MX records) or address literal did. Only a route carries credentials.
 */
public record Hop(String host, int preference, InetAddress address, int port, boolean fromMx, StaticRoute route) {

    /** A hop the recipient's domain chose (no static route). */
    public Hop(String host, int preference, InetAddress address, int port, boolean fromMx) {
        this(host, preference, address, port, fromMx, null);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** The credentials this hop's relay is sent, or null: only a static route's hops have any. */
    public RelayCredentials credentials() {
        return route == null ? null : route.credentials();
    }

    /** {@code mx1.example.com[192.0.2.1]:25}, the way Postfix names a peer in its logs. */
    @Override
    public String toString() {
        return host + "[" + address.getHostAddress() + "]:" + port;
    }
}
