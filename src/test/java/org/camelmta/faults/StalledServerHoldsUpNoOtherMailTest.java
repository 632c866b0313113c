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
 * One receiving server goes silent after the message's final dot and keeps a delivery consumer
 * waiting for its reply (20 seconds here; ten minutes by default). Mail for everyone else must
 * not wait with it: a delivery consumer that the broker had already handed messages in advance
 * would keep them until its server answered. So the other domain's messages, submitted after
 * the stall began, are all delivered by the consumer that is free, long before the stalled one
 * times out. The same holds when the submit route delivers single-domain mail itself
 * ({@code mta.submit.deliver-directly}): then its consumers are the ones that must not take
 * messages in advance.
 */
class StalledServerHoldsUpNoOtherMailTest {

    @TempDir
    Path data;

    @Test
    void otherDomainsAreDeliveredWhileOneServerStalls() throws Exception {
        otherDomainsAreDeliveredWhileOneServerStalls("mta.delivery.consumers", "mta.submit.deliver-directly", "false");
    }

    @Test
    void otherDomainsAreDeliveredWhileOneServerStallsTheSubmitRoute() throws Exception {
        otherDomainsAreDeliveredWhileOneServerStalls("mta.submit.consumers", "mta.submit.deliver-directly", "true");
    }

    /** With two consumers on the route that delivers (the other setting given as a key and value). */
    private void otherDomainsAreDeliveredWhileOneServerStalls(String consumers, String key, String value) throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(2,
                (i, b) -> i == 0 ? b.fault(SinkFault.at(Phase.DATA_END, SinkAction.stall()).times(1)) : b)) {
            TestEngine.Builder builder = TestEngine.builder(data).quickRetries()
                    .set(consumers, "2")
                    .set(key, value)
                    .set("mta.connection.default.timeout.data-end", "20s")
                    .set("mta.routes.stalled.example", "[127.0.0.2]:" + sinks.port())
                    .set("mta.routes.fine.example", "[127.0.0.3]:" + sinks.port());
            try (TestEngine engine = builder.start()) {
                Scenario.submit(engine, "a@example.com", "r@stalled.example", "stalled");
                await().atMost(Duration.ofSeconds(20)).until(() -> sinks.get(0).connectionCount() == 1);

                int others = 40;
                for (int i = 0; i < others; i++) {
                    Scenario.submit(engine, "a@example.com", "r" + i + "@fine.example", "fine " + i);
                }

                await().atMost(Duration.ofSeconds(15)).untilAsserted(
                        () -> assertThat(sinks.get(1).messageCount()).as("delivered to fine.example").isEqualTo(others));
                assertThat(sinks.get(0).messageCount()).as("the stalled server has not answered yet").isZero();
            }
        }
    }
}
