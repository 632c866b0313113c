package org.camelmta.submit;

import java.util.Locale;

/**
 * RFC 3461 §4.2 ORCPT: the recipient address as the sender originally wrote it, reported back
 * in a DSN's {@code Original-Recipient} field so the sender can tell which of its recipients a
 * notice is about. The address is kept decoded (Unicode for the RFC 6533 {@code utf-8} type);
 * {@link #toParameter()} and {@link #fieldValue()} encode it.
 *
 * @param addressType the address type, {@code rfc822} or {@code utf-8} (or another atom),
 *                    kept in lower case
 * @param address     the address, decoded; never contains control characters
 */
public record OriginalRecipient(String addressType, String address) {

    /** RFC 3461 §4.2: the ORCPT value, as written in the command, is at most 500 characters. */
    public static final int MAX_PARAMETER_LENGTH = 500;

    public static final String RFC822 = "rfc822";
    public static final String UTF8 = "utf-8";

    public OriginalRecipient {
        if (addressType == null || addressType.isEmpty()) {
            throw new DsnSyntaxException("ORCPT needs an address type such as rfc822");
        }
        for (int i = 0; i < addressType.length(); i++) {
            char c = addressType.charAt(i);
            if (!isAtext(c)) {
                throw new DsnSyntaxException("ORCPT: bad address type '" + Ret.printable(addressType) + "'");
            }
        }
        addressType = addressType.toLowerCase(Locale.ROOT);
        if (address == null || address.isEmpty()) {
            throw new DsnSyntaxException("ORCPT needs an address after the type");
        }
        boolean utf8 = addressType.equals(UTF8);
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new DsnSyntaxException("ORCPT: control character in address");
            }
            if (c >= 0x80 && !utf8) {
                throw new DsnSyntaxException("ORCPT: non-ASCII address needs the utf-8 address type");
            }
        }
        if (toParameterValue(addressType, address).length() > MAX_PARAMETER_LENGTH) {
            throw new DsnSyntaxException("ORCPT is longer than " + MAX_PARAMETER_LENGTH + " characters");
        }
    }

    /** The recipient as the ORCPT a relay would add itself: {@code rfc822}, or {@code utf-8} when needed. */
    public static OriginalRecipient of(MailAddress recipient) {
        String text = recipient.toString();
        return new OriginalRecipient(MailAddress.isAscii(text) ? RFC822 : UTF8, text);
    }

    /**
     * Parses the ORCPT value as it appears in a RCPT command ({@code rfc822;bob+2Bx@example.com}):
     * xtext-decoded, and for the {@code utf-8} type also RFC 6533-decoded.
     */
    public static OriginalRecipient fromParameter(String value) {
        if (value == null) {
            throw new DsnSyntaxException("ORCPT needs a value");
        }
        if (value.length() > MAX_PARAMETER_LENGTH) {
            throw new DsnSyntaxException("ORCPT is longer than " + MAX_PARAMETER_LENGTH + " characters");
        }
        int semi = value.indexOf(';');
        if (semi < 0) {
            throw new DsnSyntaxException("ORCPT must be type;address, e.g. rfc822;alice@example.com");
        }
        String type = value.substring(0, semi);
        String address = Xtext.decode(value.substring(semi + 1));
        if (type.equalsIgnoreCase(UTF8)) {
            address = Xtext.decodeUtf8Address(address);
        }
        return new OriginalRecipient(type, address);
    }

    /**
     * Parses the readable form {@code type;address} as a submitter writes it (no xtext), e.g.
     * {@code rfc822;alice@example.com} or {@code utf-8;jörg@example.com}. White space around
     * either part is ignored.
     */
    public static OriginalRecipient parse(String text) {
        if (text == null) {
            throw new DsnSyntaxException("ORCPT needs a value");
        }
        int semi = text.indexOf(';');
        if (semi < 0) {
            throw new DsnSyntaxException("ORCPT must be type;address, e.g. rfc822;alice@example.com");
        }
        return new OriginalRecipient(text.substring(0, semi).strip(), text.substring(semi + 1).strip());
    }

    /** The value of the ORCPT parameter, xtext-encoded: {@code rfc822;bob+2Bx@example.com}. */
    public String toParameter() {
        return toParameterValue(addressType, address);
    }

    /**
     * The value of the {@code Original-Recipient} (or {@code Final-Recipient}) field: the type,
     * {@code "; "}, and the address, in RFC 6533 7-bit form for the {@code utf-8} type.
     */
    public String fieldValue() {
        return addressType + "; " + (addressType.equals(UTF8) ? Xtext.encodeUtf8Address(address) : address);
    }

    private static String toParameterValue(String type, String address) {
        String lower = type.toLowerCase(Locale.ROOT);
        String text = lower.equals(UTF8) ? Xtext.encodeUtf8Address(address) : address;
        return lower + ";" + Xtext.encode(text);
    }

    // atom characters (RFC 5322 atext): the address type is an atom.
    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

}
