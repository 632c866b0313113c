package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5321 §4.1.2: a client SHOULD send a local part with the least quoting possible. A sender
 * and recipients submitted with quotes they do not need reach the receiving server's MAIL FROM
 * and RCPT TO without them; a local part that needs its quotes (a space, an '@') keeps them.
 */
class QuotedLocalPartsGoOutLeastQuotedTest {

    @TempDir
    Path data;

    @Test
    void needlessQuotesAreDroppedOnTheWire() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(data).set("mta.routes.*", "[127.0.0.2]:" + sinks.port()).start()) {
            engine.jms().send("mta.submit", Mail.simple("john@example.com", "john.smith@example.net", "quotes", "x\r\n"),
                    Map.of("mtaSender", "\"john\"@example.com",
                            "mtaRecipients", "\"john.smith\"@example.net, \"j\\ohn\"@example.net, \"john smith\"@example.net,"
                                    + " \"a@b\"@example.net"));

            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
            SinkConnection c = sinks.get(0).connections().get(0);
            String wire = String.join("", c.chunksAsText());
            assertThat(wire).contains("MAIL FROM:<john@example.com>")
                    .contains("RCPT TO:<john.smith@example.net>")
                    .contains("RCPT TO:<john@example.net>")
                    .contains("RCPT TO:<\"john smith\"@example.net>")
                    .contains("RCPT TO:<\"a@b\"@example.net>")
                    .doesNotContain("\"john\"").doesNotContain("\"john.smith\"");
        }
    }
}
