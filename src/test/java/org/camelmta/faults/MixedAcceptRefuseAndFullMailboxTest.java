package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.JmsClient;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One transaction, three recipients answered 250, 550 5.1.1 and 452 4.2.2 (mailbox full): one
 * delivered, one bounced, one deferred, each with its own event; the sender gets one bounce
 * naming only the refused recipient; only the full mailbox waits on mta.deferred. (With 451
 * instead of 452: e2e/MixedRecipientOutcomesTest.)
 */
class MixedAcceptRefuseAndFullMailboxTest {

    @TempDir
    Path data;

    @Test
    void eachRecipientHasItsOwnOutcome() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             // retried only an hour later, so the full mailbox is still waiting when the test looks
             TestEngine engine = TestEngine.builder(data).set("mta.retry.rules", "* * F,1h,1h")
                     .set("mta.retry.sweep-interval", "1s")
                     .set("mta.routes.example.org", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.3]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "ok@example.org,550-nouser@example.org,452-full@example.org", "mixed452");

            assertThat(events.await("delivered", "ok@example.org", Duration.ofSeconds(15)).code()).isEqualTo(250);
            DeliveryEvent bounced = events.await("bounced", "550-nouser@example.org", Duration.ofSeconds(15));
            assertThat(bounced.enhancedCode()).isEqualTo("5.1.1");
            DeliveryEvent deferred = events.await("deferred", "452-full@example.org", Duration.ofSeconds(15));
            assertThat(deferred.code()).isEqualTo(452);
            assertThat(deferred.enhancedCode()).isEqualTo("4.2.2");

            assertThat(sinks.get(1).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            SinkTransaction bounce = sinks.get(1).delivered().get(0);
            assertThat(bounce.mailFrom()).isEmpty();
            assertThat(bounce.recipientAddresses()).containsExactly("a@example.com");
            ParsedNotice dsn = ParsedNotice.parse(bounce.content());
            assertThat(dsn.recipientCount()).isEqualTo(1);
            assertThat(dsn.recipient(0)).containsEntry("Final-Recipient", "rfc822; 550-nouser@example.org")
                    .containsEntry("Action", "failed");

            List<Message> parked = engine.jms().browse("mta.deferred");
            assertThat(parked).singleElement()
                    .satisfies(m -> assertThat(m.getStringProperty("mtaRecipients")).isEqualTo("452-full@example.org"));
            assertThat(sinks.get(0).delivered()).singleElement()
                    .satisfies(t -> assertThat(t.recipientAddresses()).containsExactly("ok@example.org"));
        }
    }
}
