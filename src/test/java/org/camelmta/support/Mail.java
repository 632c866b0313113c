package org.camelmta.support;

import java.nio.charset.StandardCharsets;

/** Test messages. */
public final class Mail {

    private Mail() {
    }

    /** A small RFC 5322 message with CRLF line ends. */
    public static byte[] simple(String from, String to, String subject, String body) {
        String text = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replaceAll("[^A-Za-z0-9]", "") + "@test.example>\r\n\r\n" + body;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
