package org.camelmta.dns;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A host with an optional port as configuration writes it: {@code host}, {@code host:2525},
 * {@code [host]}, {@code [host]:2525}, {@code 192.0.2.1:2525}, {@code [::1]:2525}, {@code ::1}.
 *
 * @param host       the host name (lower case, A-labels, no final dot) or the address as text
 * @param address    the address when the host is an IP literal, else null
 * @param port       the port, or the default when none was written
 * @param bracketed  whether the host was written in brackets (Postfix's "no MX lookup")
 */
record HostPort(String host, InetAddress address, int port, boolean bracketed) {

    static HostPort parse(String text, int defaultPort) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in " + text);
            }
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']' in " + text);
            }
            int port = rest.isEmpty() ? defaultPort : port(rest.substring(1), text);
            return of(s.substring(1, close), port, true);
        }
        long colons = s.chars().filter(c -> c == ':').count();
        if (colons > 1) { // a bare IPv6 address: no port can follow it unambiguously
            InetAddress a = IpLiterals.parse(s)
                    .orElseThrow(() -> new IllegalArgumentException("not an IPv6 address: " + text));
            return new HostPort(addressText(s), a, defaultPort, false);
        }
        if (colons == 1) {
            int colon = s.indexOf(':');
            return of(s.substring(0, colon), port(s.substring(colon + 1), text), false);
        }
        return of(s, defaultPort, false);
    }

    /** Whether this is an IP address rather than a name. */
    boolean isAddress() {
        return address != null;
    }

    /** As written in configuration: {@code host:port}, {@code [host]:port}, {@code [::1]:port}. */
    @Override
    public String toString() {
        boolean brackets = bracketed || address instanceof Inet6Address;
        return (brackets ? "[" + host + "]" : host) + ":" + port;
    }

    /** A host name in the form DNS looks it up: lower case, A-labels, no final dot, valid syntax. */
    static String hostName(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        try {
            String ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            Name.fromString(ascii + ".");
            if (!ascii.matches("[a-z0-9_.-]+")) {
                throw new IllegalArgumentException("not a host name: " + text);
            }
            return ascii;
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a host name: " + text + " (" + e.getMessage() + ")");
        }
    }

    private static HostPort of(String host, int port, boolean bracketed) {
        Optional<InetAddress> a = IpLiterals.parse(host);
        if (a.isPresent()) {
            return new HostPort(addressText(host), a.get(), port, bracketed);
        }
        return new HostPort(hostName(host), null, port, bracketed);
    }

    // The address as written ("::1", not Java's "0:0:0:0:0:0:0:1"), without an "IPv6:" tag.
    static String addressText(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("ipv6:") ? s.substring(5) : s;
    }

    private static int port(String text, String whole) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port '" + text + "' in " + whole);
    }
}
