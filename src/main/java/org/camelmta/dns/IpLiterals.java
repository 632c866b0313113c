package org.camelmta.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/** IP address literals, parsed without ever asking DNS (InetAddress.getByName would, for a name). */
public final class IpLiterals {

    private IpLiterals() {
    }

    /** {@code 192.0.2.1}, {@code ::1}, {@code IPv6:::1}; empty when the text is not an address. */
    static Optional<InetAddress> parse(String text) {
        String s = text.strip();
        if (s.regionMatches(true, 0, "IPv6:", 0, 5)) {
            s = s.substring(5);
            return s.contains(":") ? bytes(s, Address.IPv6) : Optional.empty();
        }
        return s.contains(":") ? bytes(s, Address.IPv6) : bytes(s, Address.IPv4);
    }

    /** The address of an RFC 5321 address literal such as {@code [192.0.2.1]} or {@code [IPv6:::1]}. */
    public static Optional<InetAddress> fromAddressLiteral(String literal) {
        if (!literal.startsWith("[") || !literal.endsWith("]")) {
            return Optional.empty();
        }
        String inner = literal.substring(1, literal.length() - 1);
        if (inner.contains(":") && !inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return Optional.empty(); // RFC 5321 §4.1.3 wants the IPv6: tag
        }
        return parse(inner);
    }

    private static Optional<InetAddress> bytes(String s, int family) {
        if (family == Address.IPv4 && !Address.isDottedQuad(s)) {
            return Optional.empty();
        }
        byte[] raw = Address.toByteArray(s, family);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(raw));
        } catch (UnknownHostException e) {
            return Optional.empty(); // only for a wrong length, which toByteArray does not return
        }
    }
}
