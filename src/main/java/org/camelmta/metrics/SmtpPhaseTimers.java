package org.camelmta.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.SmtpObserver;

/**
 * {@code mta_smtp_phase_seconds{phase, outcome}}: a latency histogram per SMTP phase, with
 * fixed buckets from 1 ms to 10 minutes (the longest default timeout), fed by the SMTP client
 * through {@link SmtpObserver}. {@code outcome} is {@code ok} when the server answered,
 * {@code failed} for timeouts, lost or refused connections and failed handshakes.
 */
final class SmtpPhaseTimers implements SmtpObserver {

    static final String NAME = "mta.smtp.phase";
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10)};

    // [phase ordinal][0 = ok, 1 = failed]; null for LOOKUP, which is not an SMTP phase
    private final Timer[][] timers = new Timer[Phase.values().length][2];

    SmtpPhaseTimers(MeterRegistry registry) {
        for (Phase phase : Phase.values()) {
            if (phase == Phase.LOOKUP) {
                continue;
            }
            timers[phase.ordinal()][0] = timer(registry, phase, "ok");
            timers[phase.ordinal()][1] = timer(registry, phase, "failed");
        }
    }

    @Override
    public void phase(Phase phase, Duration took, boolean ok) {
        Timer t = timers[phase.ordinal()][ok ? 0 : 1];
        if (t != null) {
            t.record(took);
        }
    }

    private static Timer timer(MeterRegistry registry, Phase phase, String outcome) {
        return Timer.builder(NAME)
                .description("How long each SMTP phase took, from command to reply")
                .tag("phase", phase.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
