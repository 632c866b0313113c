package org.camelmta.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/** Stalwart's {@code ip-strategy}: which address families to use, and in which order. */
public enum IpStrategy {
    IPV4_ONLY,
    IPV6_ONLY,
    IPV6_THEN_IPV4,
    IPV4_THEN_IPV6;

    /** Parses the Stalwart spelling: {@code ipv4_only}, {@code ipv6_then_ipv4}, ... */
    public static IpStrategy parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ip-strategy '" + text
                    + "' (one of ipv4_only, ipv6_only, ipv6_then_ipv4, ipv4_then_ipv6)");
        }
    }

    public boolean usesIpv4() {
        return this != IPV6_ONLY;
    }

    public boolean usesIpv6() {
        return this != IPV4_ONLY;
    }

    /** Whether this address's family comes first under this strategy. */
    public boolean prefers(InetAddress address) {
        return switch (this) {
            case IPV4_ONLY, IPV4_THEN_IPV6 -> address instanceof Inet4Address;
            case IPV6_ONLY, IPV6_THEN_IPV4 -> address instanceof Inet6Address;
        };
    }

    /** The Stalwart spelling. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
