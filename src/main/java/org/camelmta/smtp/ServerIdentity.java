package org.camelmta.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.camelmta.dns.Hop;
import org.camelmta.dns.StaticRoute;

/**
 * Who a server's certificate must name (RFC 6125's reference identifier): a host name, or an
 * IP address. Taken from the configuration where there is one, never from what DNS or the
 * recipient said alone: a static route's host (for a route to a host's MX records, that host or
 * any name under it, Postfix's {@code nexthop, dot-nexthop}), or the address a route names;
 * without a route, the hop's own host (the MX name, or the address of a literal), as Postfix's
 * {@code verify} level.
 *
 * <p>Matching follows RFC 6125 §6.4 as RFC 7817 applies it to SMTP: only subjectAltName
 * entries count (dNSName for names, iPAddress for addresses; the subject CN is not used), a
 * {@code *} is accepted only as the whole left-most label of a name with at least two more
 * labels, and it stands for exactly one label.
 *
 * @param name       the host name (lower case, A-labels, no trailing dot), or null for an address
 * @param address    the address, or null for a name
 * @param subdomains whether a name under {@code name} is accepted too
 */
public record ServerIdentity(String name, InetAddress address, boolean subdomains) {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public ServerIdentity {
        if ((name == null) == (address == null)) {
            throw new IllegalArgumentException("a server identity is a name or an address");
        }
        name = name == null ? null : normalise(name);
    }

    public static ServerIdentity named(String name) {
        return new ServerIdentity(name, null, false);
    }

    public static ServerIdentity at(InetAddress address) {
        return new ServerIdentity(null, address, false);
    }

    /** The identity a hop's certificate must show: its route's, else its own host's. */
    public static ServerIdentity of(Hop hop) {
        StaticRoute route = hop.route();
        if (route != null) {
            return switch (route.kind()) {
                case ADDRESS -> at(route.address());
                case HOST -> named(route.host());
                case MX -> new ServerIdentity(route.host(), null, true);
            };
        }
        String host = hop.host();
        boolean isAddress = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        return isAddress ? at(hop.address()) : named(host);
    }

    /** Whether {@code certificate}'s subjectAltName names this identity. */
    public boolean matches(X509Certificate certificate) {
        for (String dnsName : namesIn(certificate, DNS_NAME)) {
            if (name != null && nameMatches(normalise(dnsName))) {
                return true;
            }
        }
        if (address != null) {
            for (String ip : namesIn(certificate, IP_ADDRESS)) {
                if (sameAddress(ip)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The subjectAltName entries a certificate has, for the reason given when none matched. */
    public static List<String> subjectAltNames(X509Certificate certificate) {
        List<String> all = new ArrayList<>(namesIn(certificate, DNS_NAME));
        all.addAll(namesIn(certificate, IP_ADDRESS));
        return all;
    }

    private boolean nameMatches(String presented) {
        if (presented.startsWith("*.")) {
            String parent = presented.substring(2);
            // RFC 6125 §6.4.3: the wildcard is the whole left-most label, and not for a bare
            // public suffix such as *.com.
            if (parent.indexOf('.') < 0 || parent.contains("*")) {
                return false;
            }
            if (subdomains) {
                return parent.equals(name) || parent.endsWith("." + name);
            }
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot + 1).equals(parent);
        }
        if (presented.contains("*")) {
            return false; // partial-label wildcards (f*.example.com) are not honoured
        }
        return presented.equals(name) || (subdomains && presented.endsWith("." + name));
    }

    private boolean sameAddress(String presented) {
        if (!presented.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(presented).equals(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> namesIn(X509Certificate certificate, int type) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == type
                            && entry.get(1) instanceof String value) {
                        names.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable subjectAltName names nothing
        }
        return names;
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public String toString() {
        if (address != null) {
            return address.getHostAddress();
        }
        return subdomains ? name + " (or a name under it)" : name;
    }
}
