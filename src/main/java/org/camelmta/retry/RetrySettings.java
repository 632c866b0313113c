package org.camelmta.retry;

import java.time.Duration;
import org.camelmta.config.Settings;

/**
 * The retry options besides the rules, with Exim's names and defaults.
 *
 * @param intervalMax           {@code retry_interval_max}: no gap between tries is longer (24h)
 * @param dataExpire            {@code retry_data_expire}: hints not written for longer are
 *                              ignored, as if the destination had never failed (7d)
 * @param delayAfterCutoff      the smtp transport's {@code delay_after_cutoff} (true): once all
 *                              hosts of a destination are past their cut-off, bounce new
 *                              messages without trying until a host's retry time comes; when
 *                              false, try the hosts not tried since the message arrived
 * @param addressIncludeSender  the smtp transport's {@code address_retry_include_sender}
 *                              (true): a 4xx to RCPT holds back the sender and recipient pair
 */
public record RetrySettings(Duration intervalMax, Duration dataExpire, boolean delayAfterCutoff,
                            boolean addressIncludeSender) {

    public static final String KEY_INTERVAL_MAX = "mta.retry.interval-max";
    public static final String KEY_DATA_EXPIRE = "mta.retry.data-expire";
    public static final String KEY_DELAY_AFTER_CUTOFF = "mta.retry.delay-after-cutoff";
    public static final String KEY_ADDRESS_INCLUDE_SENDER = "mta.retry.address-include-sender";

    public static final Duration DEFAULT_INTERVAL_MAX = Duration.ofHours(24);
    public static final Duration DEFAULT_DATA_EXPIRE = Duration.ofDays(7);

    public RetrySettings {
        if (intervalMax.isNegative() || intervalMax.isZero()) {
            throw new IllegalArgumentException(KEY_INTERVAL_MAX + " must be positive");
        }
        if (dataExpire.isNegative() || dataExpire.isZero()) {
            throw new IllegalArgumentException(KEY_DATA_EXPIRE + " must be positive");
        }
    }

    /** Exim's defaults. */
    public static RetrySettings defaults() {
        return new RetrySettings(DEFAULT_INTERVAL_MAX, DEFAULT_DATA_EXPIRE, true, true);
    }

    public static RetrySettings from(Settings settings) {
        return new RetrySettings(
                settings.duration(KEY_INTERVAL_MAX, DEFAULT_INTERVAL_MAX),
                settings.duration(KEY_DATA_EXPIRE, DEFAULT_DATA_EXPIRE),
                settings.bool(KEY_DELAY_AFTER_CUTOFF, true),
                settings.bool(KEY_ADDRESS_INCLUDE_SENDER, true));
    }
}
