package org.camelmta.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.crash.CrashRig.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.JmsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while deferred mail is being released: the destination refused every connection, so
 * all the mail waits on mta.deferred and each retry time releases one probe; when a probe gets
 * through, the rest is moved back into delivery at once (a broker-side move of the whole
 * backlog), and the engine dies while that release is being delivered. After a restart every
 * message arrives, no more than the deliveries in flight arrive twice, and no queue holds
 * anything.
 */
class EngineKilledDuringRetryReleaseLosesNothingTest {

    @TempDir
    Path data;

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyReleasedMessageArrivesAfterAKillDuringTheRelease() throws Exception {
        int count = CrashRig.messages();
        try (CrashRig rig = CrashRig.start()) {
            Map<String, String> settings = rig.settings(Map.of("mta.retry.rules", "* * F,1h,2s"));
            rig.refuseConnections(true);
            try (EngineProcess engine = EngineProcess.start(data, settings);
                 JmsClient jms = new JmsClient(engine.brokerUrl());
                 JmsClient.EventCollector events = jms.subscribeEvents()) {
                rig.note("engine started, pid " + engine.pid());
                CrashRig.submit(engine.brokerUrl(), 0, count);
                rig.note("submitted " + count);
                assertThat(within(Duration.ofSeconds(120), () -> deferredRecipients(events) == count))
                        .as("all %d deferred (%d so far):\n%s", count, deferredRecipients(events), engine.log()).isTrue();
                int refusedBefore = rig.refusedConnections();
                assertThat(within(Duration.ofSeconds(20), () -> rig.refusedConnections() > refusedBefore))
                        .as("a probe is released at a retry time").isTrue();
                assertThat(rig.distinct()).isZero();

                rig.refuseConnections(false);
                // The next probe gets through and the backlog is released behind it.
                assertThat(within(Duration.ofSeconds(30), () -> rig.distinct() >= 2 + CrashRig.CONSUMERS))
                        .as("the release under way:\n%s", engine.log()).isTrue();
                engine.kill();
                rig.note("killed");
            }
            int beforeRestart = rig.distinct();
            assertThat(beforeRestart).as("the kill came with released mail still to deliver").isLessThan(count);

            int duplicates = rig.restartUntilEveryMessageArrived(data, settings, count);
            assertThat(duplicates).as("duplicates, at most one per delivery in flight at the kill")
                    .isLessThanOrEqualTo(CrashRig.CONSUMERS);
            rig.note("done");
        }
    }

    private static long deferredRecipients(JmsClient.EventCollector events) {
        return events.ofType("deferred").stream().map(DeliveryEvent::recipient).distinct().count();
    }
}
