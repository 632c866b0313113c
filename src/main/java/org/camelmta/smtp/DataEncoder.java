package org.camelmta.smtp;

/**
 * Turns a message into the bytes that follow DATA (RFC 5321 §4.5.2): every line end becomes
 * CRLF (bare LF and bare CR included, so no receiver can read a line end differently than we
 * meant it, the root of SMTP smuggling), a line that starts with "." gets a second ".", and the
 * data ends with CRLF "." CRLF. Output goes to a sink in blocks, so a large message never needs
 * a second copy in memory and each block gets its own write timeout.
 */
final class DataEncoder {

    static final int BLOCK = 64 * 1024;

    /** Receives encoded blocks; the array is reused after the call returns. */
    interface BlockSink {
        void write(byte[] block, int length) throws SmtpFailure;
    }

    private DataEncoder() {
    }

    /**
     * The size of the message as the server will count it, for SIZE=n and for the check
     * against the server's limit (RFC 1870 §3: line ends as CRLF, without the dots added by
     * stuffing and without the final dot). It differs from {@code content.length} when the
     * message has bare LF or CR line ends or lacks a final one, which {@link #encode} repairs.
     */
    static long wireSize(byte[] content) {
        long size = 0;
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                size += 2;
                lineStart = true;
            } else {
                size++;
                lineStart = false;
            }
        }
        return lineStart ? size : size + 2;
    }

    static void encode(byte[] content, BlockSink sink) throws SmtpFailure {
        byte[] out = new byte[Math.min(BLOCK, content.length + content.length / 32 + 8) + 8];
        int n = 0;
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            if (n >= out.length - 4) {
                sink.write(out, n);
                n = 0;
            }
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                out[n++] = '\r';
                out[n++] = '\n';
                lineStart = true;
            } else {
                if (lineStart && b == '.') {
                    out[n++] = '.';
                }
                out[n++] = b;
                lineStart = false;
            }
        }
        if (n >= out.length - 5) {
            sink.write(out, n);
            n = 0;
        }
        if (!lineStart) {
            out[n++] = '\r';
            out[n++] = '\n';
        }
        out[n++] = '.';
        out[n++] = '\r';
        out[n++] = '\n';
        sink.write(out, n);
    }
}
