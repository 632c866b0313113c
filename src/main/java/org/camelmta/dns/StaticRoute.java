package org.camelmta.dns;

import java.net.InetAddress;

/**
 * Where mail for one domain goes instead of where its MX records say (Postfix's transport
 * map, Exim's manualroute), and what that next hop wants to be told: the route is the only
 * thing that carries relay credentials, so every hop it yields (and only those) may be sent
 * them, and only once the hop's certificate is verified against the route's host.
 *
 * @param kind        how {@code host} is used
 * @param host        the host name, or for {@link Kind#ADDRESS} the address as text
 * @param address     the address for {@link Kind#ADDRESS}, else null
 * @param port        the port to connect to
 * @param credentials AUTH credentials for this relay ({@code mta.auth.<domain>.*}); null for none
 */
public record StaticRoute(Kind kind, String host, InetAddress address, int port, RelayCredentials credentials) {

    /** How a route's host is reached. */
    public enum Kind {
        /** An IP address ({@code 192.0.2.1:2525}, {@code [::1]:2525}): connect there, no DNS. */
        ADDRESS,
        /** {@code [host]}: the host's own A/AAAA records, no MX lookup. */
        HOST,
        /** {@code host}: the host's MX records, as for a recipient domain. */
        MX
    }

    public StaticRoute {
        if ((kind == Kind.ADDRESS) != (address != null)) {
            throw new IllegalArgumentException("an ADDRESS route, and only that, has an address");
        }
    }

    /** A route without credentials. */
    public StaticRoute(Kind kind, String host, InetAddress address, int port) {
        this(kind, host, address, port, null);
    }

    /** The same route, whose relay is sent {@code c} (null: none). */
    public StaticRoute withCredentials(RelayCredentials c) {
        return new StaticRoute(kind, host, address, port, c);
    }

    /**
     * Parses a route value: {@code [host]:port}, {@code [host]}, {@code host}, {@code host:port},
     * {@code 192.0.2.1:2525}, {@code [::1]:2525}; {@code defaultPort} where none is written.
     */
    public static StaticRoute parse(String value, int defaultPort) {
        HostPort hp = HostPort.parse(value, defaultPort);
        if (hp.isAddress()) {
            return new StaticRoute(Kind.ADDRESS, hp.host(), hp.address(), hp.port());
        }
        return new StaticRoute(hp.bracketed() ? Kind.HOST : Kind.MX, hp.host(), null, hp.port());
    }

    /** The route as configuration writes it (never the credentials). */
    @Override
    public String toString() {
        return new HostPort(host, address, port, kind == Kind.HOST).toString();
    }
}
