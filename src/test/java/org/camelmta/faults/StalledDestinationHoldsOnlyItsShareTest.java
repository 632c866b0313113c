package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkFault;
import org.camelmta.smtp.Phase;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21, point 3: no single destination can hold more than its share of the delivery
 * threads. One destination's server holds every final-dot reply (for a minute here) and a
 * backlog of 60 messages for it is queued first; 200 messages for four healthy destinations,
 * submitted behind it, are all delivered within 30 seconds by the engine's default 16 delivery
 * consumers (before the share, 16 threads waited on the stalled server and 28 of 200 got
 * through). The stalled destination never has more than its share (16 / 4) attempts running.
 */
class StalledDestinationHoldsOnlyItsShareTest {

    @TempDir
    Path data;

    @Test
    void healthyDestinationsFlowWhileOneStallsAtTheFinalDot() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(5,
                (i, b) -> i == 0 ? b.fault(SinkFault.at(Phase.DATA_END, SinkAction.stall())) : b)) {
            TestEngine.Builder builder = TestEngine.builder(data).quickRetries()
                    .set("mta.delivery.consumers", "16")
                    .unset("mta.delivery.max-share") // the default share: a quarter of the consumers
                    .set("mta.connection.default.timeout.data-end", "60s")
                    .set("mta.routes.stalled.example", "[127.0.0.2]:" + sinks.port());
            for (int d = 1; d <= 4; d++) {
                builder.set("mta.routes.fine" + d + ".example", "[127.0.0." + (d + 2) + "]:" + sinks.port());
            }
            try (TestEngine engine = builder.start()) {
                for (int i = 0; i < 60; i++) {
                    Scenario.submit(engine, "a@example.com", "r" + i + "@stalled.example", "stalled " + i);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> sinks.get(0).connectionCount() >= 1);

                long start = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    Scenario.submit(engine, "a@example.com", "r" + i + "@fine" + (i % 4 + 1) + ".example", "fine " + i);
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        sinks.get(1).messageCount() + sinks.get(2).messageCount() + sinks.get(3).messageCount()
                                + sinks.get(4).messageCount()).as("delivered to the healthy destinations").isEqualTo(200));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
                assertThat(sinks.get(0).connectionCount()).as("connections the stalled server holds").isLessThanOrEqualTo(4);
                assertThat(sinks.get(0).messageCount()).isZero();
            }
        }
    }
}
