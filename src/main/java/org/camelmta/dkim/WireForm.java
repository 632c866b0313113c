package org.camelmta.dkim;

import java.io.ByteArrayOutputStream;

/**
 * The message as it goes on the wire, before dot-stuffing: every line end CRLF and a final
 * CRLF, as the SMTP client's DATA encoding makes it (org.camelmta.smtp.DataEncoder; RFC 5321
 * §2.3.8). A signature must be made over these octets, or a bare LF repaired on the way out
 * would break it. Dot-stuffing is not applied: the receiver removes it (§4.5.2) before verifying.
 */
final class WireForm {

    private WireForm() {
    }

    static byte[] crlf(byte[] content) {
        if (isCrlf(content)) {
            return content;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + content.length / 32 + 2);
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
                lineStart = true;
            } else {
                out.write(b);
                lineStart = false;
            }
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static boolean isCrlf(byte[] c) {
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '\n' && (i == 0 || c[i - 1] != '\r')) {
                return false;
            }
            if (c[i] == '\r' && (i + 1 == c.length || c[i + 1] != '\n')) {
                return false;
            }
        }
        return c.length >= 2 && c[c.length - 2] == '\r' && c[c.length - 1] == '\n';
    }
}
