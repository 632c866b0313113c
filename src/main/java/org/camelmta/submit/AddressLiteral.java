package org.camelmta.submit;

import java.util.regex.Pattern;

/** RFC 5321 §4.1.3 address literals: {@code [192.0.2.1]} and {@code [IPv6:2001:db8::1]}. */
final class AddressLiteral {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private AddressLiteral() {
    }

    static void check(String literal) {
        if (!literal.endsWith("]") || literal.length() < 3) {
            throw new AddressException("unterminated address literal " + literal);
        }
        String inner = literal.substring(1, literal.length() - 1);
        if (IPV4.matcher(inner).matches()) {
            return;
        }
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inner.substring(5);
            if (IPV6_CHARS.matcher(v6).matches() && v6.contains(":") && isIpv6(v6)) {
                return;
            }
        }
        throw new AddressException("bad address literal " + literal);
    }

    // Checked by structure only (never a DNS lookup): at most 8 groups, one "::".
    private static boolean isIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && g.contains(".")) {
                if (!IPV4.matcher(g).matches()) {
                    return false;
                }
                count += 2;
            } else if (g.length() <= 4 && !g.contains(".")) {
                count++;
            } else {
                return false;
            }
        }
        return doubleColon >= 0 ? count < 8 : count == 8;
    }
}
