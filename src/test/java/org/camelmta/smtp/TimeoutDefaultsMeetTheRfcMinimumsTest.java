package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.camelmta.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5321 §4.5.3.2: "An SMTP client MUST provide a timeout mechanism ... the timeouts ... SHOULD
 * be" at least these. Both the built-in defaults and what the engine reads from an empty
 * configuration (every {@code mta.connection.<id>.timeout.*} unset) must meet them, so a server
 * that is slow but within the RFC is never given up on by default.
 */
class TimeoutDefaultsMeetTheRfcMinimumsTest {

    static Stream<Arguments> minimums() {
        return Stream.of(
                row("4.5.3.2.1 initial 220 message", SmtpTimeouts::greeting, Duration.ofMinutes(5)),
                row("4.5.3.2.2 MAIL command", SmtpTimeouts::mailFrom, Duration.ofMinutes(5)),
                row("4.5.3.2.3 RCPT command", SmtpTimeouts::rcptTo, Duration.ofMinutes(5)),
                row("4.5.3.2.4 DATA initiation", SmtpTimeouts::data, Duration.ofMinutes(2)),
                row("4.5.3.2.5 data block", SmtpTimeouts::dataTransfer, Duration.ofMinutes(3)),
                row("4.5.3.2.6 DATA termination", SmtpTimeouts::dataEnd, Duration.ofMinutes(10)));
    }

    private static Arguments row(String rule, Function<SmtpTimeouts, Duration> timeout, Duration minimum) {
        return Arguments.of(rule, timeout, minimum);
    }

    @ParameterizedTest(name = "{0}: built-in default at least {2}")
    @MethodSource("minimums")
    void builtInDefaultMeetsTheMinimum(String rule, Function<SmtpTimeouts, Duration> timeout, Duration minimum) {
        assertThat(timeout.apply(SmtpTimeouts.DEFAULTS)).as(rule).isGreaterThanOrEqualTo(minimum);
    }

    @ParameterizedTest(name = "{0}: unconfigured engine default at least {2}")
    @MethodSource("minimums")
    void engineDefaultFromSettingsMeetsTheMinimum(String rule, Function<SmtpTimeouts, Duration> timeout,
                                                  Duration minimum) {
        // A strategy named only by an unrelated key inherits every timeout from the defaults.
        ConnectionStrategies strategies = ConnectionStrategies.from(
                Settings.of(Map.of("mta.connection.bulk.ehlo-hostname", "bulk.example")), "mta.example");
        for (String id : new String[] {ConnectionStrategies.DEFAULT, "bulk"}) {
            SmtpTimeouts t = strategies.find(id).orElseThrow().timeouts();
            assertThat(timeout.apply(t)).as(rule + " for strategy " + id).isGreaterThanOrEqualTo(minimum);
        }
    }
}
