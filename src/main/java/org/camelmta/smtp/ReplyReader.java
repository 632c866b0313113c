package org.camelmta.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies (RFC 5321 §4.2) from a stream: single and multi-line, CRLF or bare LF
 * line ends, any split of the bytes across reads. Buffered by hand rather than through
 * BufferedInputStream because STARTTLS must be able to drop whatever the server sent ahead of
 * the handshake ({@link #discardBuffered()}), and must know that it did.
 */
final class ReplyReader {

    /** RFC 5321 allows 512 octets per reply line; real servers exceed it, so allow more. */
    static final int MAX_LINE = 4096;
    /** A reply with more lines than this is not a server talking SMTP. */
    static final int MAX_LINES = 200;

    /** Called before every read from the stream: sets how long it may block, or throws when time is up. */
    @FunctionalInterface
    interface ReadGuard {
        ReadGuard NONE = () -> { };

        void beforeRead() throws IOException;
    }

    private final InputStream in;
    private final ReadGuard guard;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] line = new byte[256];

    ReplyReader(InputStream in) {
        this(in, ReadGuard.NONE);
    }

    /**
     * @param guard run before each read of the stream, so that a reply trickled in over many
     *              reads is bounded as a whole (SmtpConnection sets the socket timeout to what
     *              is left of the phase there)
     */
    ReplyReader(InputStream in, ReadGuard guard) {
        this.in = in;
        this.guard = guard;
    }

    /**
     * Reads one whole reply.
     *
     * @throws EOFException            when the stream ends before the reply does
     * @throws MalformedReplyException when the bytes are not an SMTP reply
     */
    SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>(2);
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !isDigit(line, 0, '2', '5') || !isDigit(line, 1, '0', '9')
                    || !isDigit(line, 2, '0', '9')) {
                throw new MalformedReplyException("not an SMTP reply: " + abbreviate(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new MalformedReplyException("reply code changed from " + code + " to " + lineCode
                        + " inside a multi-line reply");
            }
            code = lineCode;
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            if (line.length() > 3 && !more && line.charAt(3) != ' ') {
                throw new MalformedReplyException("bad separator after reply code: " + abbreviate(line));
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (!more) {
                return SmtpReply.of(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new MalformedReplyException("reply longer than " + MAX_LINES + " lines");
            }
        }
    }

    /** Whether bytes the server sent are waiting in the buffer, unread. */
    boolean hasBuffered() {
        return position < limit;
    }

    /** Drops anything read ahead; returns how many bytes were dropped. */
    int discardBuffered() {
        int dropped = limit - position;
        position = 0;
        limit = 0;
        return dropped;
    }

    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                // Replies are ASCII; stray 8-bit bytes are kept visible rather than rejected.
                return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (length == MAX_LINE) {
                throw new MalformedReplyException("reply line longer than " + MAX_LINE + " octets");
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE + 1, line.length * 2));
            }
            line[length++] = b;
        }
    }

    private void fill() throws IOException {
        guard.beforeRead();
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("connection closed by server");
        }
        position = 0;
        limit = n;
    }

    private static boolean isDigit(String s, int index, char min, char max) {
        char c = s.charAt(index);
        return c >= min && c <= max;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    /** Bytes that are not an SMTP reply. */
    static final class MalformedReplyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedReplyException(String message) {
            super(message);
        }
    }
}
