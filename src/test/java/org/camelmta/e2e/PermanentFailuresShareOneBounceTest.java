package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two recipients refused with 550 in one message: one bounce covers both. A message with the
 * null sender that fails gets no bounce at all (no bounce loops), and neither does a bounce
 * that cannot be delivered itself.
 */
class PermanentFailuresShareOneBounceTest {

    @TempDir
    Path data;

    @Test
    void oneDsnForAllFailedRecipientsAndNoneForTheNullSender() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             TestEngine engine = TestEngine.builder(data)
                     .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.3]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", Mail.simple("alice@example.com", "x@example.net", "twice", "x\r\n"),
                    Map.of("mtaSender", "alice@example.com", "mtaRecipients",
                            "550-one@example.net,553-two@example.net,fine@example.net"));
            engine.jms().send("mta.submit", Mail.simple("MAILER-DAEMON@example.com", "x@example.net", "null", "x\r\n"),
                    Map.of("mtaSender", "", "mtaRecipients", "550-three@example.net"));
            // A bounce to a sender whose own mailbox refuses it: that bounce must not bounce.
            engine.jms().send("mta.submit", Mail.simple("550-gone@example.com", "x@example.net", "loop", "x\r\n"),
                    Map.of("mtaSender", "550-gone@example.com", "mtaRecipients", "550-four@example.net"));

            await().atMost(Duration.ofSeconds(20)).until(() -> events.ofType("bounced").size() == 5);
            Thread.sleep(1_000); // anything more would show up within this
            assertThat(events.ofType("bounced")).hasSize(5);

            assertThat(sinks.get(1).delivered()).hasSize(1);
            assertThat(sinks.get(1).delivered().get(0).recipientAddresses()).containsExactly("alice@example.com");
            ParsedNotice dsn = ParsedNotice.parse(sinks.get(1).delivered().get(0).content());
            assertThat(dsn.recipientCount()).isEqualTo(2);
            assertThat(dsn.recipient(0)).containsEntry("Final-Recipient", "rfc822; 550-one@example.net")
                    .containsEntry("Action", "failed").containsEntry("Status", "5.1.1");
            assertThat(dsn.recipient(1)).containsEntry("Final-Recipient", "rfc822; 553-two@example.net")
                    .containsEntry("Action", "failed");
            // the bounce to 550-gone@ was refused in its turn, and that made no further bounce
            assertThat(events.ofType("bounced")).filteredOn(e -> e.sender().isEmpty())
                    .extracting(e -> e.recipient()).containsExactlyInAnyOrder("550-three@example.net", "550-gone@example.com");
        }
    }
}
