package org.camelmta.submit;

import java.util.Locale;

/** RFC 3461 §4.3 RET: what a failure notice returns of the original message. */
public enum Ret {
    /** The whole message. */
    FULL,
    /** Its header section only. */
    HDRS;

    /** Parses {@code FULL} or {@code HDRS}, in any case. */
    public static Ret parse(String text) {
        String s = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "FULL" -> FULL;
            case "HDRS" -> HDRS;
            default -> throw new DsnSyntaxException("RET must be FULL or HDRS, not '" + printable(text) + "'");
        };
    }

    static String printable(String s) {
        return s == null ? "" : org.camelmta.submit.Envelope.printable(s);
    }
}
