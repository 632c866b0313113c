package org.camelmta.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinkKeyedRecipientTest {

    private static final Duration SILENCE = Duration.ofMillis(300);

    private SmtpSink sink;

    @BeforeEach
    void start() throws IOException {
        sink = SmtpSink.builder().start();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            450-busy@example.com     | 450 4.2.1
            451-later@example.com    | 451 4.3.0
            452-full@example.com     | 452 4.2.2
            499-odd@example.com      | 499 4.0.0
            550-nobody@example.com   | 550 5.1.1
            551-moved@example.com    | 551 5.1.6
            552-full@example.com     | 552 5.2.2
            553-badname@example.com  | 553 5.1.3
            554-policy@example.com   | 554 5.7.1
            559-odd@Example.com      | 559 5.0.0
            250-fine@example.com     | 250 2.1.5
            someone@example.com      | 250 2.1.5
            data-550-x@example.com   | 250 2.1.5
            """)
    void recipientLocalPartChoosesTheRcptReply(String recipient, String expected) throws IOException {
        try (SinkTestClient client = inTransaction()) {
            assertThat(client.command("RCPT TO:<" + recipient + ">").toString()).startsWith(expected + " ");
            assertThat(client.command("NOOP").code()).as("the connection stays usable").isEqualTo(250);
        }
    }

    @Test
    void a421RecipientGets421AndTheConnectionIsClosed() throws IOException {
        try (SinkTestClient client = inTransaction()) {
            assertThat(client.command("RCPT TO:<421-bye@example.com>").toString()).startsWith("421 4.3.2 ");
            assertThat(client.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            data-451-x@example.com | 451 4.3.0
            data-452-x@example.com | 452 4.3.1
            data-550-x@example.com | 550 5.7.1
            data-552-x@example.com | 552 5.3.4
            data-554-x@example.com | 554 5.7.1
            """)
    void dataKeyedRecipientChoosesTheReplyAfterTheDot(String recipient, String expected) throws IOException {
        try (SinkTestClient client = inTransaction()) {
            client.command("RCPT TO:<plain@example.com>");
            client.command("RCPT TO:<" + recipient + ">");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.send("Subject: x", "", "body", ".");
            assertThat(client.readReply().toString()).startsWith(expected + " ");
        }
        SinkTransaction transaction = sink.transactions().get(0);
        assertThat(transaction.finalCode()).isEqualTo(Integer.parseInt(expected.substring(0, 3)));
        assertThat(transaction.delivered()).isFalse();
        assertThat(transaction.contentAsString()).isEqualTo("Subject: x\r\n\r\nbody\r\n");
        assertThat(sink.messageCount()).isZero();
    }

    @Test
    void data421RecipientCloses() throws IOException {
        try (SinkTestClient client = inTransaction()) {
            client.command("RCPT TO:<data-421-x@example.com>");
            client.command("DATA");
            client.send("x", ".");
            assertThat(client.readReply().code()).isEqualTo(421);
            assertThat(client.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void stallRcptRecipientGetsNoReplyWhileTheConnectionStaysOpen() throws IOException {
        try (SinkTestClient client = inTransaction()) {
            client.send("RCPT TO:<stall-rcpt-x@example.com>");
            assertThat(client.silentFor(SILENCE)).isTrue();
            client.send("NOOP", "QUIT");
            assertThat(client.silentFor(SILENCE)).as("stalled: later commands are read and ignored").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(0).isOpen());
    }

    @Test
    void stallDataRecipientGetsNo354() throws IOException {
        try (SinkTestClient client = inTransaction()) {
            assertThat(client.command("RCPT TO:<stall-data-x@example.com>").code()).isEqualTo(250);
            client.send("DATA");
            assertThat(client.silentFor(SILENCE)).isTrue();
        }
    }

    @Test
    void stallDotRecipientGetsNoReplyAfterTheMessage() throws IOException {
        try (SinkTestClient client = inTransaction()) {
            client.command("RCPT TO:<stall-dot-x@example.com>");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.send("x", ".");
            assertThat(client.silentFor(SILENCE)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.transactions().size() == 1);
        assertThat(sink.transactions().get(0).dataReceived()).isTrue();
        assertThat(sink.transactions().get(0).finalCode()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"close-rcpt-x@example.com", "close-data-x@example.com", "close-dot-x@example.com"})
    void closeRecipientsDropTheConnectionWithoutAReply(String recipient) throws IOException {
        try (SinkTestClient client = inTransaction()) {
            client.send("RCPT TO:<" + recipient + ">");
            if (!recipient.startsWith("close-rcpt")) {
                assertThat(client.readReply().code()).isEqualTo(250);
                client.send("DATA");
            }
            if (recipient.startsWith("close-dot")) {
                assertThat(client.readReply().code()).isEqualTo(354);
                client.send("x", ".");
            }
            assertThat(client.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void keyingCanBeSwitchedOff() throws IOException {
        try (SmtpSink plain = SmtpSink.builder().keyedRecipients(false).start();
                SinkTestClient client = SinkTestClient.greeted(plain)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            assertThat(client.command("RCPT TO:<550-x@example.com>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<stall-rcpt-x@example.com>").code()).isEqualTo(250);
        }
    }

    @Test
    void plainRecipientsAreDelivered() throws IOException {
        try (SinkTestClient client = inTransaction()) {
            assertThat(client.command("RCPT TO:<someone@example.com>").toString()).isEqualTo("250 2.1.5 Ok");
            client.command("DATA");
            client.send("x", ".");
            assertThat(client.readReply().toString()).startsWith("250 2.0.0 ");
        }
        assertThat(sink.messageCount()).isEqualTo(1);
    }

    private SinkTestClient inTransaction() throws IOException {
        SinkTestClient client = SinkTestClient.greeted(sink);
        client.ehlo("client.test");
        assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
        return client;
    }
}
