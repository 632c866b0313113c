package org.camelmta.submit;

import java.util.Locale;

/**
 * The two encodings DSN parameters use. RFC 3461 §4 {@code xtext} carries ENVID and ORCPT
 * values in MAIL and RCPT commands: printable ASCII except {@code +} and {@code =}, everything
 * else as {@code +XX}. RFC 6533 §3 {@code utf-8-addr-xtext} writes an internationalised
 * address in 7-bit form ({@code \x{E9}} for é) so that it fits both an ORCPT parameter and a
 * {@code message/delivery-status} field.
 *
 * <p>Written by hand: Jakarta Mail has no codec for either, and both are a few lines.
 * Decoders reject malformed input rather than guess, and neither encoder can emit a space,
 * CR or LF, so an encoded value cannot split an SMTP command or a header field.
 */
public final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    /** RFC 3461 xtext of a string of ASCII characters. */
    public static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7f) {
                throw new DsnSyntaxException("xtext carries ASCII only; write non-ASCII addresses as utf-8 type");
            }
            if (isXchar(c)) {
                sb.append(c);
            } else {
                sb.append('+').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * Decodes RFC 3461 xtext. The RFC asks for upper-case hex digits; lower case is accepted
     * because some clients send it and its meaning is not in doubt.
     */
    public static String decode(String xtext) {
        StringBuilder sb = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new DsnSyntaxException("xtext: '+' must be followed by two hex digits");
                }
                int hi = Character.digit(xtext.charAt(i + 1), 16);
                int lo = Character.digit(xtext.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new DsnSyntaxException("xtext: '+' must be followed by two hex digits");
                }
                int octet = hi << 4 | lo;
                if (octet > 0x7f) {
                    throw new DsnSyntaxException("xtext: +" + xtext.substring(i + 1, i + 3) + " is not ASCII");
                }
                sb.append((char) octet);
                i += 2;
            } else if (isXchar(c)) {
                sb.append(c);
            } else {
                throw new DsnSyntaxException("xtext: character " + describe(c) + " must be written as +XX");
            }
        }
        return sb.toString();
    }

    /**
     * RFC 6533 utf-8-addr-xtext of an address: printable ASCII except {@code \ + =} as it is,
     * every other code point as {@code \x{HEX}} (upper case, no leading zeros, at least two
     * digits). The result is valid xtext as it stands.
     */
    public static String encodeUtf8Address(String address) {
        StringBuilder sb = new StringBuilder(address.length() + 16);
        address.codePoints().forEach(cp -> {
            if (cp < 0x80 && isQchar((char) cp)) {
                sb.append((char) cp);
            } else {
                String hex = Integer.toHexString(cp).toUpperCase(Locale.ROOT);
                sb.append("\\x{").append(hex.length() < 2 ? "0" + hex : hex).append('}');
            }
        });
        return sb.toString();
    }

    /** Decodes RFC 6533 utf-8-addr-xtext (or utf-8-addr-unitext: raw UTF-8 passes through). */
    public static String decodeUtf8Address(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (cp == '\\') {
                int close = text.indexOf('}', i);
                if (!text.startsWith("\\x{", i) || close < 0 || close - i - 3 < 2 || close - i - 3 > 6) {
                    throw new DsnSyntaxException("utf-8 address: '\\' must start an escape such as \\x{E9}");
                }
                String hex = text.substring(i + 3, close);
                int value;
                try {
                    value = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw new DsnSyntaxException("utf-8 address: bad escape \\x{" + hex + "}");
                }
                if (!hex.equals(hex.toUpperCase(Locale.ROOT)) || (hex.length() > 2 && hex.charAt(0) == '0')
                        || !Character.isValidCodePoint(value) || (value >= 0xD800 && value <= 0xDFFF)
                        || (value < 0x80 && isQchar((char) value))) {
                    throw new DsnSyntaxException("utf-8 address: bad escape \\x{" + hex + "}");
                }
                sb.appendCodePoint(value);
                i = close + 1;
            } else if (cp >= 0x80 || isQchar((char) cp)) {
                sb.appendCodePoint(cp);
                i += Character.charCount(cp);
            } else {
                throw new DsnSyntaxException("utf-8 address: character " + describe((char) cp) + " must be escaped");
            }
        }
        return sb.toString();
    }

    // xchar: "!" through "~" except "+" and "=".
    static boolean isXchar(char c) {
        return c >= 0x21 && c <= 0x7e && c != '+' && c != '=';
    }

    // QCHAR (RFC 6533): xchar without "\".
    private static boolean isQchar(char c) {
        return isXchar(c) && c != '\\';
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
