package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient that keeps answering 451 is retried until the rule's cut-off, then expires: an
 * {@code expired} event with the last error, and a well-formed RFC 3464 bounce in the sender's
 * mailbox (a second sink), sent with the null sender.
 */
class ExpiredRecipientBouncesWithDsnTest {

    @TempDir
    Path data;

    @Test
    void pastTheCutoffTheSenderGetsADsnAndAnExpiredEventIsSeen() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             TestEngine engine = TestEngine.builder(data)
                     .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.3]:" + sinks.port())
                     .set("mta.retry.rules", "* * F,3s,1s").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            byte[] original = Mail.simple("alice@example.com", "451-full@example.net", "doomed", "will not arrive\r\n");
            engine.jms().send("mta.submit", original,
                    Map.of("mtaSender", "alice@example.com", "mtaRecipients", "451-full@example.net"));

            await().atMost(Duration.ofSeconds(20)).until(() -> !events.ofType("expired").isEmpty());
            DeliveryEvent expired = events.ofType("expired").get(0);
            assertThat(expired.recipient()).isEqualTo("451-full@example.net");
            assertThat(expired.code()).isEqualTo(451);
            assertThat(expired.response()).startsWith("451 4.3.0");
            assertThat(events.ofType("deferred").size()).isGreaterThanOrEqualTo(2);

            assertThat(sinks.get(1).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            SinkTransaction bounce = sinks.get(1).delivered().get(0);
            assertThat(bounce.mailFrom()).isEmpty();
            assertThat(bounce.recipientAddresses()).containsExactly("alice@example.com");
            ParsedNotice dsn = ParsedNotice.parse(bounce.content());
            assertThat(dsn.message.getContentType()).contains("multipart/report").contains("delivery-status");
            assertThat(dsn.header("Auto-Submitted")).isEqualTo("auto-replied");
            assertThat(dsn.perMessage()).containsEntry("Reporting-MTA", "dns; mta.test.example").containsKey("Arrival-Date");
            assertThat(dsn.recipientCount()).isEqualTo(1);
            assertThat(dsn.recipient(0)).containsEntry("Final-Recipient", "rfc822; 451-full@example.net")
                    .containsEntry("Action", "failed").containsKey("Last-Attempt-Date");
            assertThat(dsn.recipient(0).get("Status")).startsWith("4.");
            assertThat(dsn.recipient(0).get("Diagnostic-Code")).startsWith("smtp; 451");
            assertThat(new String(dsn.returned(), java.nio.charset.StandardCharsets.UTF_8)).contains("will not arrive");
            assertThat(engine.jms().browse("mta.deferred")).isEmpty();
        }
    }
}
