package org.camelmta.cli;

import java.time.Duration;
import java.time.Instant;

/** Times as a person reads them in a queue listing: "3h12m ago", "in 4m". */
final class Ages {

    private Ages() {
    }

    static String ago(String iso, Instant now) {
        if (iso == null) {
            return "-";
        }
        return short_(Duration.between(Instant.parse(iso), now)) + " ago";
    }

    static String until(String iso, Instant now) {
        if (iso == null) {
            return "-";
        }
        Duration d = Duration.between(now, Instant.parse(iso));
        return d.isNegative() || d.isZero() ? "due" : "in " + short_(d);
    }

    private static String short_(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (s < 86400) {
            return (s / 3600) + "h" + ((s % 3600) / 60) + "m";
        }
        return (s / 86400) + "d" + ((s % 86400) / 3600) + "h";
    }
}
