package org.camelmta.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.crash.CrashRig.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 after the receiving server has a whole message (its final dot) and before the engine
 * has heard the 250 and committed: the server keeps those messages, the engine's broker does
 * not know they went. After a restart they are delivered again. That is the one duplicate SMTP
 * cannot avoid (RFC 5321 §6.1 and Postfix: better twice than lost): exactly the transactions in
 * flight at the kill arrive twice, nothing else does, and nothing is lost or left queued.
 */
class EngineKilledAfterFinalDotLosesNothingTest {

    @TempDir
    Path data;

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void duplicatesAreOnlyTheTransactionsInFlightAtTheKill() throws Exception {
        int count = CrashRig.messages();
        try (CrashRig rig = CrashRig.start()) {
            Map<String, String> settings = rig.settings(Map.of());
            int inFlight;
            try (EngineProcess engine = EngineProcess.start(data, settings)) {
                rig.note("engine started, pid " + engine.pid());
                CrashRig.submit(engine.brokerUrl(), 0, count);
                rig.note("submitted " + count);
                assertThat(within(Duration.ofSeconds(120), () -> rig.distinct() >= count / 4))
                        .as("a quarter delivered before the kill:\n%s", engine.log()).isTrue();

                rig.holdAfterDot();
                assertThat(within(Duration.ofSeconds(30), () -> rig.heldAfterDot() == CrashRig.CONSUMERS))
                        .as("every delivery thread waiting for the reply to its final dot (held %d)", rig.heldAfterDot())
                        .isTrue();
                inFlight = rig.heldAfterDot();
                engine.kill();
                rig.note("killed");
            }
            // The server now answers 250 to the dead connections: it has those messages.
            int beforeRelease = rig.distinct();
            rig.releaseAfterDot();
            assertThat(within(Duration.ofSeconds(10), () -> rig.distinct() == beforeRelease + inFlight)).isTrue();

            int duplicates = rig.restartUntilEveryMessageArrived(data, settings, count);
            assertThat(duplicates).as("duplicates, with %d transactions in flight at the kill", inFlight)
                    .isEqualTo(inFlight);
            rig.note("done");
        }
    }
}
