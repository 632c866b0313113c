package org.camelmta.smtp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.camelmta.config.Settings;
import org.camelmta.submit.AddressException;
import org.camelmta.submit.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's name ({@code mta.hostname}), which it sends in EHLO/HELO. RFC 5321 §4.1.1.1 and
 * §2.3.5 want there a fully qualified domain name or, when the host has none, an address
 * literal ({@code [192.0.2.2]}, {@code [IPv6:2001:db8::2]}, §4.1.4); strict receivers refuse
 * {@code localhost}, a bare IP or a single label (Postfix {@code reject_non_fqdn_helo_hostname},
 * {@code reject_invalid_helo_hostname}).
 *
 * <p>When {@code mta.hostname} is not set, the name is worked out: the machine's canonical host
 * name or its host name if either is fully qualified, else an address literal of its primary
 * non-loopback address; when the machine has only loopback addresses the start stops, asking
 * for {@code mta.hostname}. A value set on purpose ({@code mta.hostname}, an
 * {@code ehlo-hostname}) is the operator's choice and is kept, with a warning when a strict
 * receiver would refuse it (a test setup may well want {@code localhost}); only a value that is
 * neither a domain nor an address literal at all stops the start, naming its key.
 */
public final class EhloName {

    private static final Logger LOG = LoggerFactory.getLogger(EhloName.class);

    /** What kind of name a value is, as far as a receiving server is concerned. */
    public enum Kind {
        /** A fully qualified domain name: at least two labels, not localhost. */
        DOMAIN,
        /** An address literal in brackets. */
        ADDRESS_LITERAL,
        /** {@code localhost}, {@code localhost.localdomain} and the like. */
        LOCALHOST,
        /** An IP address without the brackets of an address literal. */
        BARE_IP,
        /** A name of one label, such as {@code vm}. */
        SINGLE_LABEL,
        /** Neither a domain nor an address literal (spaces, underscores, a bad literal). */
        INVALID;

        /** Whether a strict receiver takes this name in EHLO. */
        public boolean valid() {
            return this == DOMAIN || this == ADDRESS_LITERAL;
        }
    }

    /**
     * What the machine says about itself.
     *
     * @param names     candidate names, best first (canonical host name, then host name)
     * @param addresses its interface addresses, the one its host name resolves to first
     */
    public record Machine(List<String> names, List<InetAddress> addresses) {

        public Machine {
            names = List.copyOf(names);
            addresses = List.copyOf(addresses);
        }

        /** This machine, as the JDK sees it; an address or name that cannot be had is left out. */
        public static Machine local() {
            List<String> names = new ArrayList<>();
            List<InetAddress> addresses = new ArrayList<>();
            try {
                InetAddress self = InetAddress.getLocalHost();
                names.add(self.getCanonicalHostName());
                names.add(self.getHostName());
                addresses.add(self);
            } catch (Exception e) {
                LOG.debug("no local host name: {}", e.toString());
            }
            try {
                List<NetworkInterface> nics = Collections.list(NetworkInterface.getNetworkInterfaces());
                nics.sort(Comparator.comparingInt(NetworkInterface::getIndex));
                for (NetworkInterface nic : nics) {
                    if (nic.isUp() && !nic.isLoopback() && !nic.isVirtual()) {
                        addresses.addAll(Collections.list(nic.getInetAddresses()));
                    }
                }
            } catch (Exception e) {
                LOG.debug("no network interfaces: {}", e.toString());
            }
            return new Machine(names, addresses);
        }
    }

    private EhloName() {
    }

    /**
     * The engine's name: {@code mta.hostname} when set, else the machine's. Also checks every
     * {@code ehlo-hostname} key.
     *
     * @throws IllegalArgumentException naming the key, when a set name is not a domain or an
     *                                  address literal, or when none is set and the machine has
     *                                  neither a fully qualified name nor a non-loopback address
     */
    public static String forEngine(Settings s, Supplier<Machine> machine) {
        checkStrategyNames(s);
        Optional<String> set = s.get("mta.hostname").map(String::strip).filter(v -> !v.isEmpty());
        if (set.isPresent()) {
            return explicit("mta.hostname", set.get());
        }
        Machine m = machine.get();
        return detect(m).orElseThrow(() -> new IllegalArgumentException("mta.hostname: not set, and this machine has"
                + " no fully qualified domain name (it calls itself " + m.names() + ") and no address other than"
                + " loopback to use as an address literal; set mta.hostname to the name this engine's address"
                + " resolves to (RFC 5321 §4.1.1.1: EHLO needs a fully qualified domain name or an address literal)"));
    }

    /** A name worked out from what the machine says: a fully qualified name, else an address literal. */
    public static Optional<String> detect(Machine m) {
        for (String name : m.names()) {
            if (name != null && kind(name) == Kind.DOMAIN) {
                return Optional.of(MailAddress.parse("postmaster@" + name.strip()).asciiDomain());
            }
        }
        // The first usable address of each family, IPv4 first: an IPv4 literal is what every
        // receiver can check against the connection; link-local and loopback mean nothing to it.
        Optional<InetAddress> v4 = m.addresses().stream().filter(a -> a instanceof Inet4Address && usable(a)).findFirst();
        Optional<InetAddress> v6 = m.addresses().stream().filter(a -> a instanceof Inet6Address && usable(a)).findFirst();
        return v4.or(() -> v6).map(EhloName::literal);
    }

    /** What kind of name {@code name} is. */
    public static Kind kind(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Kind.INVALID;
        }
        if (!n.startsWith("[") && n.contains(":") && n.matches("(?i)(IPv6:)?[0-9a-f:.]+")) {
            return Kind.BARE_IP;
        }
        MailAddress probe;
        try {
            probe = MailAddress.parse("postmaster@" + n);
        } catch (AddressException e) {
            return Kind.INVALID;
        }
        if (probe.isAddressLiteral()) {
            return Kind.ADDRESS_LITERAL;
        }
        String d = probe.asciiDomain();
        if (d.equals("localhost") || d.startsWith("localhost.") || d.endsWith(".localhost")
                || d.endsWith(".localdomain")) {
            return Kind.LOCALHOST;
        }
        if (d.matches("[0-9.]+")) {
            return Kind.BARE_IP; // a dotted quad, or digits that could only be taken for one
        }
        return d.contains(".") ? Kind.DOMAIN : Kind.SINGLE_LABEL;
    }

    /** The RFC 5321 §4.1.3 address literal of an address: {@code [192.0.2.2]}, {@code [IPv6:fd00::2]}. */
    public static String literal(InetAddress a) {
        if (a instanceof Inet6Address) {
            return "[IPv6:" + compress(a.getAddress()) + "]";
        }
        return "[" + a.getHostAddress() + "]";
    }

    private static String explicit(String key, String value) {
        Kind kind = kind(value);
        switch (kind) {
            case DOMAIN:
                return MailAddress.parse("postmaster@" + value).asciiDomain();
            case ADDRESS_LITERAL:
                return MailAddress.parse("postmaster@" + value).domain();
            case INVALID:
                throw new IllegalArgumentException(key + ": '" + value + "' is neither a domain name nor an address"
                        + " literal such as [192.0.2.2] (RFC 5321 §4.1.1.1)");
            default:
                LOG.warn("{} = {}: {}; strict receiving servers refuse it in EHLO (RFC 5321 §4.1.1.1 wants a fully"
                        + " qualified domain name or an address literal such as [192.0.2.2]); kept because it is set"
                        + " explicitly", key, value, describe(kind));
                return value;
        }
    }

    private static void checkStrategyNames(Settings s) {
        for (String prefix : List.of("mta.connection.", "mta.source-ip.")) {
            for (Map.Entry<String, String> e : s.withPrefix(prefix).entrySet()) {
                if (e.getKey().endsWith(".ehlo-hostname") && !e.getValue().isBlank()) {
                    explicit(prefix + e.getKey(), e.getValue().strip());
                }
            }
        }
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case LOCALHOST -> "a name for loopback";
            case BARE_IP -> "an IP address without the brackets of an address literal";
            case SINGLE_LABEL -> "a single label, not a fully qualified domain name";
            default -> kind.name();
        };
    }

    private static boolean usable(InetAddress a) {
        return !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress();
    }

    // RFC 5952 text: lower case, the longest run of two or more zero groups as "::".
    private static String compress(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
