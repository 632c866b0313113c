package org.camelmta.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A notice read back the way a receiving mail client would: parsed by Jakarta Mail, and its
 * {@code message/delivery-status} part split by hand into blocks of fields, so the test sees
 * the RFC 3464 syntax itself rather than what a library makes of it.
 */
public final class ParsedNotice {

    public final byte[] raw;
    public final MimeMessage message;
    public final MimeMultipart report;
    public final String statusText;
    /** The per-message block first, then one per recipient; field names in the order written. */
    public final List<Map<String, String>> blocks = new ArrayList<>();

    private ParsedNotice(byte[] raw) throws Exception {
        this.raw = raw;
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        this.message = new MimeMessage(Session.getInstance(props), new ByteArrayInputStream(raw));
        this.report = (MimeMultipart) message.getContent();
        this.statusText = new String(bytes(part(1)), StandardCharsets.US_ASCII);
        String body = statusText.endsWith("\r\n") ? statusText.substring(0, statusText.length() - 2) : statusText;
        for (String block : body.split("\r\n\r\n", -1)) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : block.replaceAll("\r\n[ \t]", " ").split("\r\n")) {
                int colon = line.indexOf(':');
                assertThat(colon).as("field line '%s'", line).isPositive();
                String name = line.substring(0, colon);
                assertThat(fields).as("%s given once in its block", name).doesNotContainKey(name);
                fields.put(name, line.substring(colon + 1).strip());
            }
            blocks.add(fields);
        }
    }

    public static ParsedNotice parse(byte[] raw) {
        try {
            return new ParsedNotice(raw);
        } catch (Exception e) {
            throw new AssertionError("notice does not parse: " + e, e);
        }
    }

    public BodyPart part(int index) throws Exception {
        return report.getBodyPart(index);
    }

    public Map<String, String> perMessage() {
        return blocks.get(0);
    }

    public Map<String, String> recipient(int index) {
        return blocks.get(1 + index);
    }

    public int recipientCount() {
        return blocks.size() - 1;
    }

    public String text() throws Exception {
        return (String) part(0).getContent();
    }

    public byte[] returned() throws Exception {
        return bytes(part(2));
    }

    public String header(String name) throws Exception {
        return message.getHeader(name, ",");
    }

    public static byte[] bytes(BodyPart part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
