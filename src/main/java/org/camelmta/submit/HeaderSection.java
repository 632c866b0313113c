package org.camelmta.submit;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header section of an RFC 5322 message, read the way {@code sendmail -t} reads it.
 *
 * <p>Addresses are parsed with Jakarta Mail ({@link InternetAddress}), which knows comments,
 * groups and quoting. The header fields themselves are split by hand: RFC 5322's field syntax
 * is a name, a colon and folded lines, and Jakarta Mail's {@code InternetHeaders} looks its
 * stream provider up through a ServiceLoader on every call, which made it the most expensive
 * step of a submission. Lines end where {@link LineEnds} says, at CRLF, bare LF and bare CR
 * alike: where the DATA encoder ends them on the wire, so that no field the receiver reads is
 * hidden from us inside another one (HeaderLinesMatchTheWireFuzzTest checks the two agree).
 * Removing {@code Bcc:} is done at the byte level too, because re-serialising would rewrite the
 * rest of the message, and the message must reach the receiver byte for byte as it was
 * submitted (line ends aside).
 */
public final class HeaderSection {

    /** One header field: its name as written, its value with the folding removed. */
    private record Field(String name, String value) {
    }

    private final byte[] message;
    private final int end; // offset of the first body byte (after the blank line), or message.length
    private final List<Field> fields;

    private HeaderSection(byte[] message, int end, List<Field> fields) {
        this.message = message;
        this.end = end;
        this.fields = fields;
    }

    public static HeaderSection of(byte[] message) {
        int end = headerEnd(message);
        return new HeaderSection(message, end, fields(message, end));
    }

    /** The first value of a header, unfolded, or null. */
    public String first(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value().strip();
            }
        }
        return null;
    }

    /** How many fields of that name the section holds. */
    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    private List<String> values(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    /** The Message-ID without angle brackets, or an empty string when the message has none. */
    public String messageId() {
        String id = first("Message-ID");
        if (id == null) {
            return "";
        }
        id = id.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id;
    }

    /** The mailboxes of the given address headers (To, Cc, Bcc, From...), groups expanded. */
    public List<String> addresses(String... names) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            for (String value : values(name)) {
                try {
                    for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                        collect(address, result);
                    }
                } catch (AddressException e) {
                    throw new InvalidSubmissionException("unparseable " + name + " header: " + e.getMessage());
                }
            }
        }
        return result;
    }

    private static void collect(InternetAddress address, List<String> into) throws AddressException {
        if (address.isGroup()) {
            InternetAddress[] members = address.getGroup(false);
            if (members != null) {
                for (InternetAddress member : members) {
                    collect(member, into);
                }
            }
        } else if (address.getAddress() != null && !address.getAddress().isBlank()) {
            into.add(address.getAddress());
        }
    }

    /** The message with every {@code Bcc:} field (and its folded lines) removed; the rest unchanged. */
    public byte[] withoutBcc() {
        if (values("Bcc").isEmpty()) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        boolean dropping = false;
        int lineStart = 0;
        while (lineStart < end) {
            int lineEnd = LineEnds.nextLineStart(message, lineStart, end);
            byte first = message[lineStart];
            boolean continuation = first == ' ' || first == '\t';
            if (!continuation) {
                dropping = isField(message, lineStart, lineEnd, "bcc");
            }
            if (!dropping) {
                out.write(message, lineStart, lineEnd - lineStart);
            }
            lineStart = lineEnd;
        }
        out.write(message, end, message.length - end);
        return out.toByteArray();
    }

    private static boolean isField(byte[] m, int from, int to, String lowerName) {
        int n = lowerName.length();
        if (to - from <= n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Character.toLowerCase((char) (m[from + i] & 0xff)) != lowerName.charAt(i)) {
                return false;
            }
        }
        int i = from + n;
        while (i < to && (m[i] == ' ' || m[i] == '\t')) {
            i++;
        }
        return i < to && m[i] == ':';
    }

    /**
     * The lines of the header section, without their line ends and without the blank line that
     * ends it, each byte as one char (ISO-8859-1): the lines as the wire splits them.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        while (lineStart < end) {
            int next = LineEnds.nextLineStart(message, lineStart, end);
            int contentEnd = LineEnds.contentEnd(message, lineStart, next);
            if (contentEnd == lineStart && next > lineStart) {
                break; // the blank line ending the section
            }
            lines.add(new String(message, lineStart, contentEnd - lineStart, StandardCharsets.ISO_8859_1));
            lineStart = next;
        }
        return lines;
    }

    /**
     * The fields of the header section, unfolded (RFC 5322 §2.2.3). A line that is neither a
     * field nor a continuation (no colon) is skipped, as Jakarta Mail and Postfix do. Header
     * bytes are read as UTF-8 (RFC 6532), whatever is not UTF-8 replaced.
     */
    private static List<Field> fields(byte[] m, int end) {
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int lineStart = 0;
        while (lineStart < end) {
            int next = LineEnds.nextLineStart(m, lineStart, end);
            String line = new String(m, lineStart, LineEnds.contentEnd(m, lineStart, next) - lineStart,
                    StandardCharsets.UTF_8);
            lineStart = next;
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (name != null) {
                    value.append(line);
                }
                continue;
            }
            if (name != null) {
                fields.add(new Field(name, value.toString()));
                name = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                name = line.substring(0, colon).strip();
                value.setLength(0);
                value.append(line, colon + 1, line.length());
            }
        }
        if (name != null) {
            fields.add(new Field(name, value.toString()));
        }
        return fields;
    }

    /** Offset just after the blank line ending the header section (any line end), or the message's length. */
    static int headerEnd(byte[] m) {
        int lineStart = 0;
        while (lineStart < m.length) {
            int next = LineEnds.nextLineStart(m, lineStart, m.length);
            if (LineEnds.contentEnd(m, lineStart, next) == lineStart) {
                return next; // an empty line (next > lineStart: a line that is only its line end)
            }
            lineStart = next;
        }
        return m.length;
    }
}
