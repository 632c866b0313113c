package org.camelmta.submit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the engine writes into a message it accepts, as the gateway from JMS into SMTP mail:
 * the {@code Received:} trace field every relay prepends (RFC 5321 §3.7.2, §4.4), and the
 * {@code Date:}, {@code Message-ID:} and {@code From:} fields RFC 5322 §3.6 requires when the
 * submitter left them out (as Postfix's cleanup adds them). It also counts the {@code Received:}
 * fields, the hop count by which Postfix ({@code hopcount_limit}, 50) tells a mail loop.
 *
 * @param hostname      the engine's name ({@code mta.hostname}): a domain name or an address
 *                      literal such as {@code [192.0.2.2]}
 * @param hopcountLimit most {@code Received:} fields a message may carry, ours included
 *                      ({@code mta.hopcount-limit})
 */
public record Trace(String hostname, int hopcountLimit) {

    public static final String HOPCOUNT_LIMIT = "mta.hopcount-limit";
    /** Postfix's default {@code hopcount_limit}. */
    public static final int DEFAULT_HOPCOUNT_LIMIT = 50;
    /** For tests and tools that do not configure a name. */
    public static final Trace DEFAULTS = new Trace("localhost.localdomain", DEFAULT_HOPCOUNT_LIMIT);

    /** RFC 5322 §3.3 date-time, numeric zone (not the obsolete "GMT"). */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9_-]+");

    public Trace {
        if (hopcountLimit < 1) {
            throw new IllegalArgumentException(HOPCOUNT_LIMIT + ": must be at least 1");
        }
    }

    /**
     * The {@code Received:} field for a submission, with its CRLF, folded at the clauses.
     * "from jms" names where the message came from (a single-label Domain, valid RFC 5321 syntax),
     * the comment who submitted it, when the broker tells us; "with JMS" the protocol.
     *
     * @param submitter the authenticated JMS user (JMSXUserID), or null when unknown
     */
    public String received(String submitter, String id, Instant now) {
        String who = submitter == null || submitter.isBlank() ? "" : " (user " + ctext(submitter) + ")";
        // RFC 5321 §4.4: an address literal in "by" must be followed by its TCP-info.
        String by = hostname.startsWith("[") ? hostname + " (" + hostname + ")" : hostname;
        // ID is an Atom or a msg-id (RFC 5321 §4.4); a camel-mta id with '.' is not an Atom.
        String idClause = ATOM.matcher(id).matches() ? id : "<" + messageId(id) + ">";
        return "Received: from jms" + who + "\r\n\tby " + by + " (camel-mta) with JMS id " + idClause
                + ";\r\n\t" + DATE.format(now) + "\r\n";
    }

    /** A Message-ID (without brackets) made of the camel-mta id and the engine's name (RFC 5322 §3.6.4). */
    public String messageId(String id) {
        // id-left is dot-atom-text: no leading, trailing or doubled dot; id-right a domain or a
        // no-fold-literal, which an address literal such as [192.0.2.2] or [IPv6:2001:db8::1] is.
        String left = id.replaceAll("\\.{2,}", ".").replaceAll("^\\.|\\.$", "");
        return (left.isEmpty() ? "camel-mta" : left) + ".camel-mta@" + hostname;
    }

    /**
     * The message with our {@code Received:} field in front and the missing {@code Date:},
     * {@code Message-ID:} and {@code From:} fields added at the end of its header section.
     *
     * @param message CRLF line ends (LineEnds.toCrlf)
     * @param from    the mailbox to put in an added {@code From:}
     */
    public byte[] stamp(byte[] message, HeaderSection headers, String received, String messageId, String from,
                        Instant now) {
        StringBuilder missing = new StringBuilder();
        if (headers.first("Date") == null) {
            missing.append("Date: ").append(DATE.format(now)).append("\r\n");
        }
        if (headers.first("Message-ID") == null) {
            missing.append("Message-ID: <").append(messageId).append(">\r\n");
        }
        if (headers.first("From") == null) {
            missing.append("From: <").append(from).append(">\r\n");
        }
        int at = blankLine(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + received.length() + missing.length() + 2);
        out.writeBytes(received.getBytes(StandardCharsets.US_ASCII));
        out.write(message, 0, at);
        if (!missing.isEmpty()) {
            if (at > 0 && message[at - 1] != '\n') {
                out.writeBytes(new byte[] {'\r', '\n'}); // a last header line without its line end
            }
            out.writeBytes(missing.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.write(message, at, message.length - at);
        return out.toByteArray();
    }

    /** The reason a message is a loop, or null: more {@code Received:} fields than the limit. */
    public String loop(HeaderSection headers) {
        int hops = headers.count("Received") + 1; // ours
        return hops <= hopcountLimit ? null : "mail loop: " + hops + " Received header fields, more than "
                + hopcountLimit + " (" + HOPCOUNT_LIMIT + ")";
    }

    /** Offset of the blank line ending the header section, or the message's length without one. */
    private static int blankLine(byte[] m) {
        int end = HeaderSection.headerEnd(m);
        boolean blank = end >= 2 && m[end - 2] == '\r' && m[end - 1] == '\n' && (end == 2 || m[end - 3] == '\n');
        return blank ? end - 2 : end;
    }

    /** Text safe inside a comment: printable ASCII without parentheses or backslash, 64 at most. */
    private static String ctext(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 64));
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c > ' ' && c < 127 && c != '(' && c != ')' && c != '\\' ? c : '_');
        }
        return b.toString();
    }
}
