package org.camelmta.submit;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * camel-mta message ids: time-ordered (sorting ids sorts by submission time, as Postfix's long
 * queue ids do), unique without coordination between nodes, and safe in file names and logs.
 */
public final class MessageIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private MessageIds() {
    }

    public static String next() {
        String time = Long.toString(System.currentTimeMillis(), 36);
        String random = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        return (pad(time, 9) + pad(random, 13)).toUpperCase(Locale.ROOT);
    }

    /** Whether a submitter's proposed id may be used as it is. */
    public static boolean isAcceptable(String id) {
        return id != null && ACCEPTABLE.matcher(id).matches();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
