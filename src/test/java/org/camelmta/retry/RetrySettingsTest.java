package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.camelmta.config.Settings;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {

    @Test
    void defaultsAreEximsAndKeysOverrideThem() {
        assertThat(RetrySettings.from(Settings.of(Map.of()))).isEqualTo(RetrySettings.defaults())
                .isEqualTo(new RetrySettings(Duration.ofHours(24), Duration.ofDays(7), true, true));

        RetrySettings set = RetrySettings.from(Settings.of(Map.of(
                "mta.retry.interval-max", "12h",
                "mta.retry.data-expire", "3d",
                "mta.retry.delay-after-cutoff", "false",
                "mta.retry.address-include-sender", "false")));
        assertThat(set).isEqualTo(new RetrySettings(Duration.ofHours(12), Duration.ofDays(3), false, false));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> RetrySettings.from(Settings.of(Map.of("mta.retry.data-expire", "soon"))))
                .hasMessageStartingWith("mta.retry.data-expire: bad duration");
        assertThatThrownBy(() -> RetrySettings.from(Settings.of(Map.of("mta.retry.interval-max", "0s"))))
                .hasMessage("mta.retry.interval-max must be positive");
    }
}
