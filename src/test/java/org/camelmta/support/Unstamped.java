package org.camelmta.support;

import java.nio.charset.StandardCharsets;

/**
 * A delivered message as its submitter wrote it: without the fields the engine adds at
 * submission (org.camelmta.submit.Trace), for tests that compare the rest byte for byte.
 * Fails when our Received field is not on top.
 */
public final class Unstamped {

    private Unstamped() {
    }

    public static String of(byte[] content) {
        return of(new String(content, StandardCharsets.ISO_8859_1));
    }

    /** Without our leading Received field, and the Date, Message-ID and From fields we added. */
    public static String of(String s) {
        if (!s.startsWith("Received: from jms")) {
            throw new AssertionError("no Received field of ours on top: " + s);
        }
        return s.replaceFirst("(?s)^Received: from jms.*?\\+0000\r\n", "")
                .replaceFirst("(?m)^Date: [A-Z][a-z]{2}, [^\r\n]* \\+0000\r\n", "")
                .replaceFirst("(?m)^Message-ID: <[^>\r\n]*\\.camel-mta@[^>\r\n]*>\r\n", "")
                .replaceFirst("(?m)^From: <[^>\r\n]*>\r\n(?=\r\n)", "");
    }

    /** {@link #of(byte[])} as bytes again, for messages compared as bytes. */
    public static byte[] bytes(byte[] content) {
        return of(content).getBytes(StandardCharsets.ISO_8859_1);
    }
}
