package org.camelmta.smtp;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One SMTP reply: the three-digit code, the RFC 3463 enhanced status code when the reply
 * carries one (empty otherwise), and the text of each line without the code.
 *
 * <p>Failures that happen on this side (a refused connection, a DNS error, a message too large
 * for the server) are expressed as replies too, made with {@link #local}, so that events,
 * retry rules and bounces handle every outcome the same way.
 */
public record SmtpReply(int code, String enhancedStatus, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        enhancedStatus = enhancedStatus == null ? "" : enhancedStatus;
        lines = List.copyOf(lines);
    }

    /**
     * A reply from the server: the enhanced status code is taken from the start of the first
     * line when it is there and agrees with the reply code's class (RFC 3463 §2).
     */
    public static SmtpReply of(int code, List<String> lines) {
        String enhanced = "";
        if (!lines.isEmpty()) {
            String first = lines.get(0);
            int space = first.indexOf(' ');
            String candidate = space < 0 ? first : first.substring(0, space);
            if (ENHANCED.matcher(candidate).matches() && candidate.charAt(0) == (char) ('0' + code / 100)) {
                enhanced = candidate;
            }
        }
        return new SmtpReply(code, enhanced, lines);
    }

    /** A reply made by camel-mta itself, for a failure on this side of the connection. */
    public static SmtpReply local(int code, String enhancedStatus, String text) {
        return new SmtpReply(code, enhancedStatus, List.of(enhancedStatus.isEmpty() ? text : enhancedStatus + " " + text));
    }

    /** 2xx: the command succeeded. */
    public boolean isPositive() {
        return code / 100 == 2;
    }

    /** 3xx: go on (354 after DATA, 334 during AUTH). */
    public boolean isIntermediate() {
        return code / 100 == 3;
    }

    /** 4xx: try again later. */
    public boolean isTransient() {
        return code / 100 == 4;
    }

    /** 5xx: do not try again. */
    public boolean isPermanent() {
        return code / 100 == 5;
    }

    /** The reply text, lines joined by a space, enhanced code included as the server sent it. */
    public String text() {
        return String.join(" ", lines);
    }

    /** The whole reply on one line, as events and logs show it: {@code 451 4.3.0 try later}. */
    @Override
    public String toString() {
        return lines.isEmpty() ? Integer.toString(code) : code + " " + text();
    }
}
