package org.camelmta.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a destination chosen by others (a recipient domain's MX or A records, an
 * address literal a submitter wrote) may lead to. Public addresses always; loopback, private,
 * link-local, shared (CGNAT), unspecified, multicast and reserved ones only inside a network
 * listed in {@code mta.outbound.allowed-networks} (CIDR, default none). Without this a DNS answer,
 * or a recipient {@code user@[10.0.0.5]}, makes the engine connect into its own network: a
 * server-side request forgery to internal SMTP, or to any service that answers on port 25.
 * KumoMTA refuses loopback by default ({@code prohibited_hosts}); this goes as far as the ranges
 * no public MX can be in. Static routes ({@code mta.routes.*}) are the operator's own choice and
 * are not checked.
 *
 * @param networks the networks allowed despite not being public
 */
public record AllowedNetworks(List<Network> networks) {

    /** The setting listing the networks allowed. */
    public static final String KEY = "mta.outbound.allowed-networks";

    public static final AllowedNetworks NONE = new AllowedNetworks(List.of());

    public AllowedNetworks {
        networks = List.copyOf(networks);
    }

    /** A network in CIDR notation: {@code 10.0.0.0/8}, {@code ::1/128}, or a single address. */
    public record Network(InetAddress base, int prefix) {

        public Network {
            int bits = base.getAddress().length * 8;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + base.getHostAddress());
            }
        }

        static Network parse(String cidr) {
            String text = cidr.strip();
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress base = IpLiterals.parse(address).orElseThrow(() ->
                    new IllegalArgumentException("'" + cidr + "' is not a network (write 10.0.0.0/8 or fd00::/8)"));
            int bits = base.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' has a bad prefix length");
            }
            return new Network(base, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            byte[] b = base.getAddress();
            if (a.length != b.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != b[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (b[full] & mask);
        }

        @Override
        public String toString() {
            return base.getHostAddress() + "/" + prefix;
        }
    }

    /** Parses a comma-separated CIDR list; a bad entry fails naming {@link #KEY}. */
    public static AllowedNetworks parse(String list) {
        List<Network> networks = new ArrayList<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            try {
                networks.add(Network.parse(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KEY + ": " + e.getMessage(), e);
            }
        }
        return new AllowedNetworks(networks);
    }

    /** Why an address may not be connected to, e.g. "private"; empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        Optional<String> kind = nonPublicKind(address);
        if (kind.isEmpty() || networks.stream().anyMatch(n -> n.contains(address))) {
            return Optional.empty();
        }
        return kind;
    }

    /** What kind of non-public address this is; empty for a public (globally routed) one. */
    static Optional<String> nonPublicKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = a[0] & 0xff;
            int second = a[1] & 0xff;
            if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
                return Optional.of("private"); // RFC 1918
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("shared (carrier-grade NAT)"); // RFC 6598, 100.64.0.0/10
            }
            if (first == 0) {
                return Optional.of("unspecified"); // RFC 1122 "this network", 0.0.0.0/8
            }
            if (first >= 240) {
                return Optional.of("reserved"); // RFC 1112 240.0.0.0/4 and the broadcast address
            }
            return Optional.empty();
        }
        if ((a[0] & 0xfe) == 0xfc) {
            return Optional.of("private"); // RFC 4193 unique local, fc00::/7
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) {
            return Optional.of("private"); // deprecated site-local, fec0::/10
        }
        if (isIpv4Compatible(a)) {
            // ::a.b.c.d (RFC 4291 §2.5.5.1, deprecated): the IPv4 address inside decides. Java
            // already turns IPv4-mapped ::ffff:a.b.c.d into the IPv4 address itself.
            try {
                return nonPublicKind(InetAddress.getByAddress(new byte[] {a[12], a[13], a[14], a[15]}));
            } catch (java.net.UnknownHostException e) {
                return Optional.of("reserved");
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4Compatible(byte[] a) {
        for (int i = 0; i < 12; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
