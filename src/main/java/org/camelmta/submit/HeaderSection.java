package org.camelmta.submit;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The header section of an RFC 5322 message, read the way {@code sendmail -t} reads it.
 *
 * <p>Headers are parsed with Jakarta Mail ({@link InternetHeaders}, {@link InternetAddress}),
 * which knows folding, comments, groups and encoded words. Removing {@code Bcc:} is done by
 * hand at the byte level because re-serialising through Jakarta Mail would rewrite the rest of
 * the message, and the message must reach the receiver byte for byte as it was submitted.
 */
public final class HeaderSection {

    private final byte[] message;
    private final int end; // offset of the first body byte (after the blank line), or message.length
    private final InternetHeaders headers;

    private HeaderSection(byte[] message, int end, InternetHeaders headers) {
        this.message = message;
        this.end = end;
        this.headers = headers;
    }

    public static HeaderSection of(byte[] message) {
        int end = headerEnd(message);
        try {
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(message, 0, end), true);
            return new HeaderSection(message, end, headers);
        } catch (MessagingException e) {
            throw new InvalidSubmissionException("unreadable header section: " + e.getMessage());
        }
    }

    /** The first value of a header, unfolded, or null. */
    public String first(String name) {
        String[] values = headers.getHeader(name);
        return values == null || values.length == 0 ? null : MimeUtility.unfold(values[0]).strip();
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
            String[] values = headers.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                try {
                    for (InternetAddress address : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
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
        if (headers.getHeader("Bcc") == null) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        boolean dropping = false;
        int lineStart = 0;
        while (lineStart < end) {
            int lineEnd = nextLineStart(message, lineStart, end);
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

    private static int nextLineStart(byte[] m, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (m[i] == '\n') {
                return i + 1;
            }
        }
        return limit;
    }

    /** Offset just after the blank line ending the header section (LF or CRLF line ends). */
    static int headerEnd(byte[] m) {
        int lineStart = 0;
        while (lineStart < m.length) {
            if (m[lineStart] == '\n') {
                return lineStart + 1;
            }
            if (m[lineStart] == '\r' && lineStart + 1 < m.length && m[lineStart + 1] == '\n') {
                return lineStart + 2;
            }
            lineStart = nextLineStart(m, lineStart, m.length);
        }
        return m.length;
    }
}
