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
 * Mail still waiting after mta.retry.delay-warning gets one "delayed" notice to its sender, never
 * a second; a message that asked NOTIFY=NEVER gets none.
 */
class DelayWarningSentOnceTest {

    @TempDir
    Path data;

    @Test
    void oneDelayedNoticeAfterTheDelayAndNoneForNotifyNever() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2);
             TestEngine engine = TestEngine.builder(data)
                     .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.3]:" + sinks.port())
                     .set("mta.retry.rules", "* * F,1h,1s").set("mta.retry.delay-warning", "2s").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", Mail.simple("alice@example.com", "x@example.net", "slow", "x\r\n"),
                    Map.of("mtaSender", "alice@example.com", "mtaRecipients", "451-slow@example.net"));
            engine.jms().send("mta.submit", Mail.simple("bob@example.com", "x@example.net", "quiet", "x\r\n"),
                    Map.of("mtaSender", "bob@example.com", "mtaRecipients", "451-quiet@example.net", "mtaNotify", "NEVER"));

            assertThat(sinks.get(1).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.ofType("deferred").size() >= 10);
            assertThat(sinks.get(1).delivered()).hasSize(1);
            assertThat(sinks.get(1).delivered().get(0).recipientAddresses()).containsExactly("alice@example.com");
            ParsedNotice notice = ParsedNotice.parse(sinks.get(1).delivered().get(0).content());
            assertThat(notice.recipient(0)).containsEntry("Action", "delayed")
                    .containsEntry("Final-Recipient", "rfc822; 451-slow@example.net");
            assertThat(notice.recipient(0).get("Status")).startsWith("4.");
        }
    }
}
