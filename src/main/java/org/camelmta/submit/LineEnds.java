package org.camelmta.submit;

/**
 * The one rule for where a line ends, shared by everything that reads a message: CRLF, a bare
 * LF and a bare CR each end a line. It is the rule the DATA encoder applies on the wire
 * ({@code smtp/DataEncoder}, which sends each of them as CRLF), so the header handling at
 * acceptance (Bcc removal, recipients from headers, the notice-loop checks) sees the same lines
 * as the receiving server. A parser that split on CRLF or LF only would read
 * {@code "Subject: x\rBcc: y"} as one Subject, while the receiver reads a Bcc field: a header
 * hidden from us (the shape of SMTP smuggling, CVE-2023-51764, one level up).
 */
public final class LineEnds {

    private LineEnds() {
    }

    /**
     * The offset just past the line end of the line that starts at {@code from}, or
     * {@code limit} when the line has no end before it.
     */
    public static int nextLineStart(byte[] m, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (m[i] == '\n') {
                return i + 1;
            }
            if (m[i] == '\r') {
                return i + 1 < limit && m[i + 1] == '\n' ? i + 2 : i + 1;
            }
        }
        return limit;
    }

    /** The offset where the line's content ends (its line end excluded), for a line ending at {@code next}. */
    public static int contentEnd(byte[] m, int from, int next) {
        int end = next;
        if (end > from && m[end - 1] == '\n') {
            end--;
        }
        if (end > from && m[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** Whether every line ends in CRLF, the last one included, so {@link #toCrlf} would change nothing. */
    public static boolean isCrlf(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            byte b = m[i];
            if (b == '\r') {
                if (i + 1 >= m.length || m[i + 1] != '\n') {
                    return false;
                }
                i++;
            } else if (b == '\n') {
                return false;
            }
        }
        return m.length == 0 || m[m.length - 1] == '\n';
    }

    /**
     * The message with every line end as CRLF, and a CRLF after a last line that lacks one:
     * exactly what the DATA encoder sends, before dot-stuffing. The same array when it is
     * already so (the usual case, which costs one scan and no copy).
     */
    public static byte[] toCrlf(byte[] m) {
        if (isCrlf(m)) {
            return m;
        }
        int extra = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                i++;
            } else if (m[i] == '\r' || m[i] == '\n') {
                extra++;
            }
        }
        boolean unterminated = m.length > 0 && m[m.length - 1] != '\n' && m[m.length - 1] != '\r';
        byte[] out = new byte[m.length + extra + (unterminated ? 2 : 0)];
        int n = 0;
        for (int i = 0; i < m.length; i++) {
            byte b = m[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                    i++;
                }
                out[n++] = '\r';
                out[n++] = '\n';
            } else {
                out[n++] = b;
            }
        }
        if (unterminated) {
            out[n++] = '\r';
            out[n++] = '\n';
        }
        return out;
    }
}
