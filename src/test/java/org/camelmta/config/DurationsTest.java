package org.camelmta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s,30000", "3m,180000", "2h,7200000", "5d,432000000", "1w,604800000", "2h15m,8100000",
            "500ms,500", "90,90000", "1.5h,5400000"})
    void readsTheNotationOfTheReferences(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "3x", "3m foo", "-1s"})
    void rejectsTheRest(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"8100000,2h15m", "500,500ms", "0,0s", "691200000,1w1d"})
    void formatsShortest(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
