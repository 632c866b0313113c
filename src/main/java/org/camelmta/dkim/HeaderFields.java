package org.camelmta.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields of a message with CRLF line ends, each as its exact octets (folding
 * included), and the header canonicalisations of RFC 6376 §3.4.1 and §3.4.2.
 *
 * <p>Written here rather than taken from jDKIM: jDKIM's header canonicalisation is a protected
 * method that feeds a {@link java.security.Signature} directly, which suits RSA but not
 * Ed25519-SHA256, which signs the SHA-256 hash of these octets (RFC 8463 §3); and the rules
 * are a few lines. Text is held as ISO-8859-1 so that every octet (UTF-8 headers, RFC 6532)
 * maps to one char and back unchanged.
 */
final class HeaderFields {

    /** One field: its name as written and all its octets, up to and including the final CRLF. */
    record Field(String name, String raw) {
        String lowerName() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private final List<Field> fields;
    private final int bodyStart;

    private HeaderFields(List<Field> fields, int bodyStart) {
        this.fields = fields;
        this.bodyStart = bodyStart;
    }

    /** @param message the message with CRLF line ends ({@link org.camelmta.submit.LineEnds#toCrlf}) */
    static HeaderFields of(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        List<Field> fields = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("\r\n", i)) {
                return new HeaderFields(fields, i + 2);
            }
            int end = i;
            do { // a field ends at a CRLF not followed by WSP (RFC 5322 §2.2.3 folding)
                int crlf = text.indexOf("\r\n", end);
                end = crlf < 0 ? text.length() : crlf + 2;
            } while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t'));
            String raw = text.substring(i, end);
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                return new HeaderFields(fields, i); // not a field: the body starts here, without a blank line
            }
            fields.add(new Field(raw.substring(0, colon).strip(), raw));
            i = end;
        }
        return new HeaderFields(fields, text.length());
    }

    List<Field> fields() {
        return fields;
    }

    /** Offset of the body in the message (after the blank line). */
    int bodyStart() {
        return bodyStart;
    }

    /**
     * The field canonicalised, with its CRLF. Relaxed (§3.4.2): name in lower case, unfolded,
     * runs of WSP as one space, no WSP at the end of the value nor around the colon.
     */
    static String canonical(String raw, boolean relaxed) {
        if (!relaxed) {
            return raw.endsWith("\r\n") ? raw : raw + "\r\n";
        }
        int colon = raw.indexOf(':');
        String name = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = raw.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value + "\r\n";
    }
}
