package org.camelmta.retry;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelmta.config.Durations;

/**
 * Times and multipliers as Exim's retry rules write them. Written here rather than with
 * {@link Durations#parse} because Exim's retry arithmetic is in whole seconds and fixed-point
 * thousandths, and a rule such as {@code 1.5h} or {@code 500ms} must be rejected, not rounded.
 */
final class RetryTimes {

    private static final Pattern TIME = Pattern.compile("(?:\\d+[wdhms])+\\d*|\\d+");
    private static final Pattern PART = Pattern.compile("(\\d+)([wdhms]?)");
    private static final Pattern FIXED = Pattern.compile("(\\d+)(?:\\.(\\d*))?");
    /** Long enough for any real rule, short enough that no arithmetic on it overflows. */
    private static final long MAX_SECONDS = 100L * 365 * 86_400;

    private RetryTimes() {
    }

    /** {@code 2h15m}, {@code 5d}, {@code 90} (seconds): Exim's {@code readconf_readtime}. */
    static long parseSeconds(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!TIME.matcher(s).matches()) {
            throw new IllegalArgumentException("bad time value \"" + text + "\"");
        }
        long total = 0;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1).length() > 12 ? "999999999999" : m.group(1));
            total += n * switch (m.group(2)) {
                case "w" -> 7 * 86_400L;
                case "d" -> 86_400L;
                case "h" -> 3_600L;
                case "m" -> 60L;
                default -> 1L;
            };
            if (total > MAX_SECONDS) {
                throw new IllegalArgumentException("time value \"" + text + "\" is too large");
            }
        }
        return total;
    }

    /** {@code 1.5} → 1500: Exim's {@code readconf_readfixed}, thousandths, further digits dropped. */
    static int parseThousandths(String text) {
        Matcher m = FIXED.matcher(text.strip());
        if (!m.matches() || m.group(1).length() > 6) {
            throw new IllegalArgumentException("bad multiplier \"" + text + "\"");
        }
        int value = Integer.parseInt(m.group(1)) * 1000;
        String fraction = m.group(2) == null ? "" : m.group(2);
        int scale = 100;
        for (int i = 0; i < fraction.length() && scale > 0; i++, scale /= 10) {
            value += (fraction.charAt(i) - '0') * scale;
        }
        return value;
    }

    static String format(long seconds) {
        return Durations.format(Duration.ofSeconds(seconds));
    }

    static String formatThousandths(int value) {
        String s = (value / 1000) + "." + String.format("%03d", value % 1000);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
