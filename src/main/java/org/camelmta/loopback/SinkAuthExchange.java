package org.camelmta.loopback;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.camelmta.smtp.SmtpReply;

/**
 * The server side of AUTH PLAIN (RFC 4616) and AUTH LOGIN for one configured user: sends the
 * 334 challenges, reads the responses, and says who authenticated and what the final reply is.
 */
final class SinkAuthExchange {

    /** RFC 4954 §4: a response line may be up to 12288 octets. */
    private static final int MAX_RESPONSE_LINE = 12288;
    private static final String CANCEL = "*";

    /** The user who authenticated (null when none did) and the reply that ends the exchange. */
    record Outcome(String user, SmtpReply reply) {
    }

    private final SinkChannel channel;
    private final String user;
    private final String password;

    SinkAuthExchange(SinkChannel channel, String user, String password) {
        this.channel = channel;
        this.user = user;
        this.password = password;
    }

    /** Runs the exchange that {@code AUTH <argument>} starts. */
    Outcome run(String argument) throws IOException {
        String[] words = argument.split(" ", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length > 1 ? words[1].strip() : null;
        try {
            return switch (mechanism) {
                case "PLAIN" -> plain(initial);
                case "LOGIN" -> login(initial);
                default -> new Outcome(null, SmtpReply.local(504, "5.5.4", "Unrecognized authentication type"));
            };
        } catch (Cancelled e) {
            return new Outcome(null, SmtpReply.local(501, "5.7.0", "Authentication cancelled"));
        } catch (IllegalArgumentException e) {
            return new Outcome(null, SmtpReply.local(501, "5.5.2", "Cannot decode response"));
        }
    }

    private Outcome plain(String initial) throws IOException, Cancelled {
        String response = initial != null ? initial : challenge("");
        // RFC 4954 §4: "=" is an initial response of zero length.
        String decoded = response.equals("=") ? "" : decode(response);
        String[] parts = decoded.split("\0", -1);
        if (parts.length != 3) {
            return failed();
        }
        return check(parts[1], parts[2]);
    }

    private Outcome login(String initial) throws IOException, Cancelled {
        String name = decode(initial != null ? initial : challenge(encode("Username:")));
        String secret = decode(challenge(encode("Password:")));
        return check(name, secret);
    }

    private Outcome check(String name, String secret) {
        if (user.equals(name) && password.equals(secret)) {
            return new Outcome(name, SmtpReply.local(235, "2.7.0", "Authentication successful"));
        }
        return failed();
    }

    private static Outcome failed() {
        return new Outcome(null, SmtpReply.local(535, "5.7.8", "Authentication credentials invalid"));
    }

    private String challenge(String text) throws IOException, Cancelled {
        channel.reply(new SmtpReply(334, "", List.of(text)));
        String line;
        try {
            line = channel.readLine(MAX_RESPONSE_LINE);
        } catch (SinkLineTooLongException e) {
            throw new IllegalArgumentException("response too long", e);
        }
        if (line == null) {
            throw new EOFException("connection closed during AUTH");
        }
        if (line.equals(CANCEL)) {
            throw new Cancelled();
        }
        return line;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The client answered a challenge with "*". */
    private static final class Cancelled extends Exception {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }
}
