package org.camelmta.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Exim, Stalwart and Sendmail write them: {@code 30s}, {@code 3m},
 * {@code 2h}, {@code 5d}, {@code 1w}, combinations such as {@code 2h15m}, and {@code 500ms}.
 * A bare number is seconds.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        Matcher m = PART.matcher(s);
        long millis = 0;
        int pos = 0;
        while (m.lookingAt()) {
            double amount = Double.parseDouble(m.group(1));
            millis += (long) (amount * unitMillis(m.group(2)));
            pos = m.end();
            m.region(pos, s.length());
        }
        if (pos != s.length() || pos == 0) {
            throw new IllegalArgumentException("bad duration '" + text + "' (write e.g. 30s, 3m, 2h, 5d, 2h15m)");
        }
        return Duration.ofMillis(millis);
    }

    /** The shortest way to write a duration in the same notation ({@code 2h15m}, {@code 500ms}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        long[] units = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            long n = ms / units[i];
            if (n > 0) {
                sb.append(n).append(names[i]);
                ms -= n * units[i];
            }
        }
        return sb.toString();
    }

    private static long unitMillis(String unit) {
        return switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "w" -> 7 * 86_400_000L;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
