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
 * kill -9 while messages are in the middle of their DATA: the receiving server has half a
 * body, the engine's JMS transactions are open. After a restart on the same data directory
 * every message arrives, and none twice (the server never accepted the half-sent ones), and
 * nothing is left on any queue.
 */
class EngineKilledMidDataLosesNothingTest {

    @TempDir
    Path data;

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyMessageArrivesOnceAfterAKillMidData() throws Exception {
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

                rig.proxy.holdMidData(true);
                assertThat(within(Duration.ofSeconds(30), () -> rig.proxy.held() == CrashRig.CONSUMERS))
                        .as("every delivery thread stopped mid-DATA (held %d)", rig.proxy.held()).isTrue();
                inFlight = rig.proxy.held();
                engine.kill();
                rig.note("killed");
            }
            int beforeRestart = rig.distinct();
            rig.proxy.releaseHeld();
            assertThat(beforeRestart).as("the kill came with mail still to deliver").isLessThan(count);

            int duplicates = rig.restartUntilEveryMessageArrived(data, settings, count);
            assertThat(duplicates).as("duplicates (%d were in flight, none past the final dot)", inFlight)
                    .isZero();
            rig.note("done");
        }
    }
}
