package org.camelmta.metrics;

import java.time.Duration;
import java.util.Locale;
import org.camelmta.config.Settings;

/**
 * How the metrics and health endpoint is set up, from the {@code mta.metrics.*} keys
 * (docs/configuration.md).
 *
 * @param enabled         whether meters are kept and the endpoint is served at all
 * @param host            the address the endpoint listens on (loopback unless asked otherwise)
 * @param port            its port; 0 picks a free one
 * @param maxDestinations most destinations (domains, and separately addresses) that get a label
 *                        of their own; the rest share the label {@code other}
 * @param checkInterval   how often the broker (and the queue depths) and DNS are checked
 * @param checkTimeout    how long one such check may take
 * @param dnsProbe        the name whose NS records readiness asks the DNS servers for; null
 *                        when the DNS check is off
 */
public record MetricsSettings(boolean enabled, String host, int port, int maxDestinations, Duration checkInterval,
                              Duration checkTimeout, String dnsProbe) {

    public static final String ENABLED = "mta.metrics.enabled";
    public static final String HOST = "mta.metrics.host";
    public static final String PORT = "mta.metrics.port";
    public static final String MAX_DESTINATIONS = "mta.metrics.max-destinations";
    public static final String CHECK_INTERVAL = "mta.metrics.check-interval";
    public static final String CHECK_TIMEOUT = "mta.metrics.check-timeout";
    public static final String DNS_PROBE = "mta.metrics.dns-probe";

    public static final int DEFAULT_PORT = 9465;

    public MetricsSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + ": not a port: " + port);
        }
        if (maxDestinations < 0) {
            throw new IllegalArgumentException(MAX_DESTINATIONS + ": must not be negative: " + maxDestinations);
        }
        if (checkInterval.isZero() || checkInterval.isNegative()) {
            throw new IllegalArgumentException(CHECK_INTERVAL + ": must be positive: " + checkInterval);
        }
        if (checkTimeout.isZero() || checkTimeout.isNegative()) {
            throw new IllegalArgumentException(CHECK_TIMEOUT + ": must be positive: " + checkTimeout);
        }
    }

    public static MetricsSettings from(Settings s) {
        String probe = s.get(DNS_PROBE, ".").strip();
        return new MetricsSettings(
                s.bool(ENABLED, true),
                s.get(HOST, "127.0.0.1").strip(),
                s.integer(PORT, DEFAULT_PORT),
                s.integer(MAX_DESTINATIONS, 50),
                s.duration(CHECK_INTERVAL, Duration.ofSeconds(5)),
                s.duration(CHECK_TIMEOUT, Duration.ofSeconds(2)),
                probe.toLowerCase(Locale.ROOT).equals("none") ? null : probe);
    }
}
