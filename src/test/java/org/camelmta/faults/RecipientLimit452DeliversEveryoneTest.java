package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that takes two recipients per transaction answers the third with 452 4.5.3 (RFC
 * 5321 §4.5.3.1.10): the rest go in further transactions on the same connection at once, so all
 * five recipients are delivered on the first attempt and nothing is deferred.
 */
class RecipientLimit452DeliversEveryoneTest {

    @TempDir
    Path data;

    @Test
    void fiveRecipientsInThreeTransactionsOnOneConnection() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1, b -> b.maxRecipients(2));
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com",
                    "r1@example.net,r2@example.net,r3@example.net,r4@example.net,r5@example.net", "limit452");

            await().atMost(Duration.ofSeconds(15)).until(() -> events.ofType("delivered").size() == 5);
            assertThat(events.ofType("delivered")).extracting(DeliveryEvent::attempt).containsOnly(1);
            assertThat(events.ofType("deferred")).isEmpty();
            assertThat(sinks.get(0).delivered()).hasSize(3).extracting(SinkTransaction::connectionIndex).containsOnly(0);
            assertThat(sinks.get(0).delivered()).flatExtracting(SinkTransaction::recipientAddresses)
                    .containsExactly("r1@example.net", "r2@example.net", "r3@example.net", "r4@example.net", "r5@example.net");
        }
    }
}
