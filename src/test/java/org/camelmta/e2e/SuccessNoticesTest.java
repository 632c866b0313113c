package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3461 end to end: a submitter's NOTIFY, RET and ENVID reach a server that offers DSN as
 * MAIL and RCPT parameters (and that server reports success itself); delivered to a server
 * without DSN, a NOTIFY=SUCCESS message earns a "relayed" notice from camel-mta.
 */
class SuccessNoticesTest {

    @TempDir
    Path data;

    @Test
    void dsnParametersPassedOnOrARelayedNoticeSent() throws Exception {
        try (Sinks withDsn = Sinks.onLoopback(1);
             Sinks withoutDsn = Sinks.onLoopback(2, b -> b.without("DSN"));
             TestEngine engine = TestEngine.builder(data)
                     .set("mta.routes.dsn.example", "[127.0.0.2]:" + withDsn.port())
                     .set("mta.routes.plain.example", "[127.0.0.2]:" + withoutDsn.port())
                     .set("mta.routes.example.com", "[127.0.0.3]:" + withoutDsn.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Map<String, String> dsn = Map.of("mtaSender", "alice@example.com", "mtaNotify", "SUCCESS,FAILURE",
                    "mtaRet", "HDRS", "mtaEnvId", "order 42");
            engine.jms().send("mta.submit", Mail.simple("alice@example.com", "x@dsn.example", "capable", "x\r\n"),
                    with(dsn, "mtaRecipients", "bob@dsn.example"));
            assertThat(withDsn.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            SinkTransaction tx = withDsn.get(0).delivered().get(0);
            assertThat(tx.mailParams()).containsEntry("RET", "HDRS").containsEntry("ENVID", "order+2042");
            assertThat(tx.recipients().get(0).params()).containsEntry("NOTIFY", "SUCCESS,FAILURE");

            engine.jms().send("mta.submit", Mail.simple("alice@example.com", "x@plain.example", "plain", "x\r\n"),
                    with(dsn, "mtaRecipients", "carol@plain.example"));
            assertThat(withoutDsn.get(0).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            assertThat(withoutDsn.get(0).delivered().get(0).recipients().get(0).params()).doesNotContainKey("NOTIFY");

            assertThat(withoutDsn.get(1).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> events.ofType("delivered").size() >= 3);
            assertThat(withoutDsn.get(1).delivered()).as("one notice: none for the DSN-capable server").hasSize(1);
            ParsedNotice notice = ParsedNotice.parse(withoutDsn.get(1).delivered().get(0).content());
            assertThat(notice.recipient(0)).containsEntry("Action", "relayed")
                    .containsEntry("Final-Recipient", "rfc822; carol@plain.example");
            assertThat(notice.perMessage()).containsEntry("Original-Envelope-Id", "order 42");
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
