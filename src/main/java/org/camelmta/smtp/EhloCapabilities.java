package org.camelmta.smtp;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server said it can do in its EHLO reply. A HELO session (or a server that answered
 * EHLO with nothing after its first line) has none of these.
 *
 * @param maxSize maximum message size from {@code SIZE n}; 0 when unlimited or not advertised
 */
public record EhloCapabilities(boolean esmtp, boolean pipelining, boolean size, long maxSize, boolean eightBitMime,
                               boolean smtpUtf8, boolean dsn, boolean enhancedStatusCodes, boolean startTls,
                               Set<String> authMechanisms) {

    public static final EhloCapabilities NONE =
            new EhloCapabilities(false, false, false, 0, false, false, false, false, false, Set.of());

    public EhloCapabilities {
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /** Reads the keywords of an EHLO reply (every line after the first). */
    public static EhloCapabilities parse(SmtpReply ehlo) {
        boolean pipelining = false;
        boolean size = false;
        long maxSize = 0;
        boolean eightBit = false;
        boolean utf8 = false;
        boolean dsn = false;
        boolean enhanced = false;
        boolean startTls = false;
        Set<String> auth = new TreeSet<>();
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String[] words = ehlo.lines().get(i).strip().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "PIPELINING" -> pipelining = true;
                case "SIZE" -> {
                    size = true;
                    maxSize = words.length > 1 ? parseSize(words[1]) : 0;
                }
                case "8BITMIME" -> eightBit = true;
                case "SMTPUTF8" -> utf8 = true;
                case "DSN" -> dsn = true;
                case "ENHANCEDSTATUSCODES" -> enhanced = true;
                case "STARTTLS" -> startTls = true;
                case "AUTH" -> {
                    for (int w = 1; w < words.length; w++) {
                        auth.add(words[w].toUpperCase(Locale.ROOT));
                    }
                }
                default -> {
                    // other extensions (CHUNKING, BINARYMIME, ...) are not used by this client
                }
            }
        }
        return new EhloCapabilities(true, pipelining, size, maxSize, eightBit, utf8, dsn, enhanced, startTls, auth);
    }

    private static long parseSize(String word) {
        try {
            return Math.max(0, Long.parseLong(word));
        } catch (NumberFormatException e) {
            return 0; // a SIZE we cannot read is treated as no declared limit; the server still enforces its own
        }
    }
}
