package org.camelmta.dsn;

import java.io.ByteArrayOutputStream;

/**
 * What a notice returns of the original message (its third part), and in which form: the whole
 * message as {@code message/rfc822}, or its header section as {@code text/rfc822-headers}. The
 * RFC 6532 types {@code message/global} and {@code message/global-headers} replace them when
 * the original's header section is UTF-8, since the older types promise ASCII headers.
 *
 * @param contentType      the part's media type
 * @param transferEncoding {@code 7bit} or {@code 8bit}; the part is never re-encoded, so the
 *                         original reaches the sender byte for byte (line ends made CRLF)
 * @param bytes            the content, CRLF line ends
 * @param full             whether the whole message is returned
 * @param whyHeadersOnly   for the human-readable part, why only headers are returned when the
 *                         whole message was wanted; null otherwise
 */
record ReturnedContent(String contentType, String transferEncoding, byte[] bytes, boolean full,
                       String whyHeadersOnly) {

    /** RFC 5322 §2.1.1: a line is at most 998 characters; longer ones cannot travel as 7bit or 8bit. */
    private static final int MAX_LINE = 998;

    /**
     * @param original   the message as submitted
     * @param wantFull   whether the whole message should be returned (a failure notice with RET
     *                   other than HDRS); otherwise only the headers are
     * @param sizeLimit  the largest original returned whole, in bytes
     */
    static ReturnedContent of(byte[] original, boolean wantFull, long sizeLimit) {
        byte[] crlf = toCrlf(original);
        int fieldsEnd = headerFieldsEnd(crlf);
        boolean utf8Headers = hasEightBit(crlf, 0, fieldsEnd);
        String why = null;
        if (wantFull) {
            if (original.length > sizeLimit) {
                why = "it is " + original.length + " bytes, more than the " + sizeLimit + " this system returns";
            } else if (!carriable(crlf)) {
                why = "it has lines too long or bytes no mail system can carry back";
            } else {
                return new ReturnedContent(utf8Headers ? "message/global" : "message/rfc822",
                        hasEightBit(crlf, 0, crlf.length) ? "8bit" : "7bit", crlf, true, null);
            }
        }
        byte[] headers = new byte[fieldsEnd];
        System.arraycopy(crlf, 0, headers, 0, fieldsEnd);
        return new ReturnedContent(utf8Headers ? "message/global-headers" : "text/rfc822-headers",
                utf8Headers ? "8bit" : "7bit", headers, false, why);
    }

    /** Bare LF and bare CR become CRLF, as SMTP and MIME want them. */
    static byte[] toCrlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40 + 2);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        if (in.length > 0 && in[in.length - 1] != '\n' && in[in.length - 1] != '\r') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    // Offset just after the last header field's CRLF (CRLF input): the blank line that ends
    // the header section belongs to neither part. Without a blank line it is all header.
    private static int headerFieldsEnd(byte[] m) {
        if (m.length >= 2 && m[0] == '\r' && m[1] == '\n') {
            return 0;
        }
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 2;
            }
        }
        return m.length;
    }

    private static boolean hasEightBit(byte[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            if (m[i] < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean carriable(byte[] m) {
        int lineLength = 0;
        for (byte b : m) {
            if (b == 0) {
                return false;
            }
            if (b == '\n') {
                lineLength = 0;
            } else if (b != '\r' && ++lineLength > MAX_LINE) {
                return false;
            }
        }
        return true;
    }
}
