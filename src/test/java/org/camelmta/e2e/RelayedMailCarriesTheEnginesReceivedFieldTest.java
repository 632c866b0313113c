package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5321 §3.7.2 and §4.4: the engine is a gateway from JMS into SMTP, so every message it
 * relays reaches the receiving server with a {@code Received:} field on top, naming where it came
 * from, the engine (mta.hostname), the protocol, the camel-mta id and the date; the submitter's
 * own fields follow unchanged. One field, the same for every recipient domain.
 */
class RelayedMailCarriesTheEnginesReceivedFieldTest {

    @TempDir
    Path data;

    @Test
    void theReceivingServerSeesOurReceivedFieldFirst() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(data).set("mta.routes.*", "[127.0.0.2]:" + sinks.port()).start()) {
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "r@example.net", "trace", "x\r\n"),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "r@example.net,s@example.org",
                            "mtaId", "TRACE1"));

            assertThat(sinks.get(0).awaitMessages(2, Duration.ofSeconds(20))).isTrue();
            for (SinkTransaction t : sinks.get(0).delivered()) {
                String content = t.contentAsString();
                assertThat(content).startsWith("Received: from jms");
                String received = content.substring(0, content.indexOf("\r\nFrom: a@example.com\r\n"));
                assertThat(received.replaceAll("\r\n[ \t]+", " "))
                        .matches("Received: from jms by mta\\.test\\.example \\(camel-mta\\) with JMS id TRACE1;"
                                + " [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000");
                assertThat(content.split("\r\nReceived:", -1)).hasSize(1); // exactly one
                assertThat(received.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
            }
        }
    }
}
