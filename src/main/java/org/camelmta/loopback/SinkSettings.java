package org.camelmta.loopback;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.camelmta.smtp.SmtpReply;

/** Everything a {@link SinkBuilder} gathered, fixed for the life of one sink. */
record SinkSettings(
        InetAddress bind,
        int port,
        String hostname,
        Set<String> switchedOff,
        List<String> extraExtensions,
        long maxMessageSize,
        int maxRecipients,
        int closeAfterMessages,
        SmtpReply greeting,
        boolean retain,
        Consumer<SinkTransaction> listener,
        SSLContext tls,
        String user,
        String password,
        byte[] injectAfterStartTlsReply,
        SinkPolicy policy,
        boolean keyedRecipients,
        Duration idleTimeout,
        Duration roundTrip) {

    /** Whether the sink offers an extension: known to it, and not switched off. */
    boolean offers(String keyword) {
        return switch (keyword) {
            case "STARTTLS" -> tls != null && !switchedOff.contains(keyword);
            case "AUTH" -> user != null && !switchedOff.contains(keyword);
            default -> !switchedOff.contains(keyword);
        };
    }

    /** The EHLO reply's extension lines, STARTTLS only while the connection is not yet in TLS. */
    List<String> extensions(boolean tlsActive) {
        List<String> lines = new ArrayList<>();
        addIfOffered(lines, "PIPELINING", "PIPELINING");
        addIfOffered(lines, "SIZE", maxMessageSize > 0 ? "SIZE " + maxMessageSize : "SIZE");
        addIfOffered(lines, "8BITMIME", "8BITMIME");
        addIfOffered(lines, "SMTPUTF8", "SMTPUTF8");
        addIfOffered(lines, "DSN", "DSN");
        addIfOffered(lines, "ENHANCEDSTATUSCODES", "ENHANCEDSTATUSCODES");
        if (!tlsActive) {
            addIfOffered(lines, "STARTTLS", "STARTTLS");
        }
        addIfOffered(lines, "AUTH", "AUTH PLAIN LOGIN");
        lines.addAll(extraExtensions);
        return lines;
    }

    private void addIfOffered(List<String> lines, String keyword, String line) {
        if (offers(keyword)) {
            lines.add(line);
        }
    }
}
