package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5322 §3.6: a message has a Date and a From field, and SHOULD have a Message-ID. A
 * submission without them reaches the receiving server with them added, as Postfix's cleanup
 * adds them: the date of submission, an id made of the camel-mta id and the engine's name (here
 * an address literal, a valid no-fold-literal id-right), and the envelope sender as From. A
 * message that has them keeps its own, unchanged.
 */
class MissingDateMessageIdAndFromAreAddedTest {

    @TempDir
    Path data;

    @Test
    void theReceiverGetsTheFieldsTheSubmitterLeftOut() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(data).set("mta.hostname", "[192.0.2.2]")
                     .set("mta.routes.*", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", "To: r@example.net\r\nSubject: bare\r\n\r\nbody\r\n"
                            .getBytes(StandardCharsets.US_ASCII),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "r@example.net", "mtaId", "BARE1"));
            String whole = "From: a@example.com\r\nTo: r@example.net\r\nSubject: whole\r\n"
                    + "Date: Mon, 7 Dec 2026 10:00:00 +0100\r\nMessage-ID: <own@example.com>\r\n\r\nbody\r\n";
            engine.jms().send("mta.submit", whole.getBytes(StandardCharsets.US_ASCII),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "s@example.net"));

            assertThat(sinks.get(0).awaitMessages(2, Duration.ofSeconds(20))).isTrue();
            String bare = sinks.get(0).delivered().stream().filter(t -> t.recipientAddresses().contains("r@example.net"))
                    .findFirst().orElseThrow().contentAsString();
            String headers = bare.substring(0, bare.indexOf("\r\n\r\n") + 2);
            assertThat(headers).containsPattern("\r\nDate: [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n")
                    .contains("\r\nMessage-ID: <BARE1.camel-mta@[192.0.2.2]>\r\n")
                    .contains("\r\nFrom: <a@example.com>\r\n")
                    .contains("by [192.0.2.2] ([192.0.2.2]) (camel-mta)");
            assertThat(bare).endsWith("\r\n\r\nbody\r\n");
            DeliveryEvent delivered = events.await("delivered", "r@example.net", Duration.ofSeconds(10));
            assertThat(delivered.messageId()).isEqualTo("BARE1.camel-mta@[192.0.2.2]");

            String kept = sinks.get(0).delivered().stream().filter(t -> t.recipientAddresses().contains("s@example.net"))
                    .findFirst().orElseThrow().contentAsString();
            assertThat(kept.substring(kept.indexOf("\r\nFrom: ") + 2)).isEqualTo(whole);
        }
    }
}
