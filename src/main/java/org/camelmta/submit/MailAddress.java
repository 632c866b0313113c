package org.camelmta.submit;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A mailbox as RFC 5321 §4.1.2 defines it ({@code Local-part "@" Domain}), with RFC 6531's
 * UTF-8 extension. Parsing is strict: a value of this type can be written into an SMTP command
 * as it is, because nothing that could end or split a command line (CR, LF, NUL, other
 * controls, unbalanced quotes, angle brackets) survives the constructor.
 *
 * <p>The domain is kept in lower case (domains are case-insensitive; local parts are not, so
 * the local part is kept exactly as given).
 */
public record MailAddress(String localPart, String domain) {

    /** RFC 5321 §4.5.3.1.1. */
    public static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 §4.5.3.1.2. */
    public static final int MAX_DOMAIN_OCTETS = 255;
    /** RFC 5321 §4.5.3.1.3: a path is the mailbox inside angle brackets. */
    public static final int MAX_PATH_OCTETS = 256;

    public MailAddress {
        checkLocalPart(localPart);
        domain = checkDomain(domain);
        int pathOctets = utf8Length(localPart) + 1 + utf8Length(domain) + 2;
        if (pathOctets > MAX_PATH_OCTETS) {
            throw new AddressException("path is " + pathOctets + " octets, more than " + MAX_PATH_OCTETS);
        }
    }

    /**
     * Parses a mailbox, with or without surrounding angle brackets ({@code <a@b>} or {@code a@b}).
     * Surrounding white space is ignored; anything else that is not RFC 5321 syntax is rejected.
     */
    public static MailAddress parse(String text) {
        if (text == null) {
            throw new AddressException("no address");
        }
        String s = text.strip();
        if (s.startsWith("<") && s.endsWith(">") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1);
        }
        checkNoControls(s);
        if (s.isEmpty()) {
            throw new AddressException("empty address");
        }
        int at = splitPoint(s);
        return new MailAddress(s.substring(0, at), s.substring(at + 1));
    }

    /** The domain in ASCII (A-labels), as DNS and servers without SMTPUTF8 need it. */
    public String asciiDomain() {
        if (domain.startsWith("[") || isAscii(domain)) {
            return domain;
        }
        return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    }

    /** True when only an SMTPUTF8 server can accept this address (its local part is not ASCII). */
    public boolean requiresSmtpUtf8() {
        return !isAscii(localPart);
    }

    /** The address as written in an SMTP command when the server speaks SMTPUTF8. */
    @Override
    public String toString() {
        return localPart + "@" + domain;
    }

    /**
     * The address as written to a server: the local part quoted only where it must be, and an
     * A-label domain unless the server speaks SMTPUTF8.
     */
    public String toSmtpString(boolean utf8) {
        return leastQuotedLocalPart() + "@" + (utf8 ? domain : asciiDomain());
    }

    /**
     * The local part with no more quoting than it needs. RFC 5321 §4.1.2: "a sending system SHOULD
     * transmit the form that uses the minimum quoting possible", because some receivers compare
     * local parts as strings: {@code "john.smith"} goes out as {@code john.smith}, while
     * {@code "john smith"} keeps its quotes, with a backslash before {@code "} and {@code \}
     * only (the qtextSMTP rule needs no other escapes). The same mailbox either way (§2.4).
     */
    public String leastQuotedLocalPart() {
        if (localPart.charAt(0) != '"') {
            return localPart;
        }
        StringBuilder content = new StringBuilder(localPart.length());
        for (int i = 1; i < localPart.length() - 1; i++) {
            char c = localPart.charAt(i);
            content.append(c == '\\' ? localPart.charAt(++i) : c);
        }
        if (isDotString(content)) {
            return content.toString();
        }
        StringBuilder quoted = new StringBuilder(content.length() + 4).append('"');
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /** Whether the domain is an address literal such as {@code [192.0.2.1]} or {@code [IPv6:::1]}. */
    public boolean isAddressLiteral() {
        return domain.startsWith("[");
    }

    // The position of the '@' that separates local part and domain: the first one outside a
    // quoted local part. A second '@' (a@@b) then makes the domain invalid.
    private static int splitPoint(String s) {
        if (s.charAt(0) == '"') {
            int i = 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == '"') {
                    break;
                } else {
                    i++;
                }
            }
            if (i >= s.length()) {
                throw new AddressException("unterminated quoted local part");
            }
            if (i + 1 >= s.length() || s.charAt(i + 1) != '@') {
                throw new AddressException("quoted local part must be followed by '@'");
            }
            return i + 1;
        }
        int at = s.indexOf('@');
        if (at < 0) {
            throw new AddressException("no '@' in address");
        }
        return at;
    }

    private static void checkLocalPart(String local) {
        if (local == null || local.isEmpty()) {
            throw new AddressException("empty local part");
        }
        checkNoControls(local);
        if (utf8Length(local) > MAX_LOCAL_PART_OCTETS) {
            throw new AddressException("local part is " + utf8Length(local) + " octets, more than "
                    + MAX_LOCAL_PART_OCTETS);
        }
        if (local.charAt(0) == '"') {
            checkQuotedString(local);
        } else {
            checkDotString(local);
        }
    }

    private static boolean isDotString(CharSequence s) {
        if (s.length() == 0 || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' ? s.charAt(i - 1) == '.' : !isAtext(c)) {
                return false;
            }
        }
        return true;
    }

    // Dot-string = Atom *("." Atom)
    private static void checkDotString(String local) {
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new AddressException("local part has a misplaced dot: " + local);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c != '.' && !isAtext(c)) {
                throw new AddressException("character '" + c + "' not allowed in local part");
            }
        }
    }

    // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
    private static void checkQuotedString(String local) {
        if (local.length() < 2 || !local.endsWith("\"")) {
            throw new AddressException("bad quoted local part");
        }
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                if (i + 1 >= local.length() - 1) {
                    throw new AddressException("dangling backslash in quoted local part");
                }
                char next = local.charAt(++i);
                if (next < 32 || next > 126) {
                    throw new AddressException("bad quoted-pair in local part");
                }
            } else if (c == '"') {
                throw new AddressException("unescaped quote inside quoted local part");
            } else if (c < 32 || c == 127) {
                throw new AddressException("control character in local part");
            }
        }
    }

    private static String checkDomain(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new AddressException("empty domain");
        }
        checkNoControls(domain);
        if (domain.startsWith("[")) {
            AddressLiteral.check(domain);
            return domain.toLowerCase(Locale.ROOT).replace("[ipv6:", "[IPv6:");
        }
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            throw new AddressException("domain ends with a dot: " + domain);
        }
        String ascii;
        try {
            ascii = isAscii(lower) ? lower : IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new AddressException("bad internationalised domain " + domain + ": " + e.getMessage());
        }
        if (ascii.length() > MAX_DOMAIN_OCTETS) {
            throw new AddressException("domain is longer than " + MAX_DOMAIN_OCTETS + " octets");
        }
        for (String label : ascii.split("\\.", -1)) {
            checkLabel(label, domain);
        }
        return lower;
    }

    // sub-domain = Let-dig [Ldh-str]; at most 63 octets (RFC 1035).
    private static void checkLabel(String label, String domain) {
        if (label.isEmpty()) {
            throw new AddressException("empty label in domain " + domain);
        }
        if (label.length() > 63) {
            throw new AddressException("domain label longer than 63 octets in " + domain);
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new AddressException("domain label starts or ends with '-' in " + domain);
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                throw new AddressException("character '" + c + "' not allowed in domain " + domain);
            }
        }
    }

    private static boolean isAtext(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        if (c >= 0x80) {
            return !Character.isISOControl(c) && !Character.isWhitespace(c); // RFC 6531 UTF8-non-ascii
        }
        return "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static void checkNoControls(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new AddressException("CR or LF in address");
            }
            if (c == 0) {
                throw new AddressException("NUL in address");
            }
            if (c < 32 || c == 127 || (c >= 0x80 && c < 0xA0)) {
                throw new AddressException("control character in address");
            }
        }
    }

    /** Whether every character is ASCII. */
    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String s) {
        return isAscii(s) ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
