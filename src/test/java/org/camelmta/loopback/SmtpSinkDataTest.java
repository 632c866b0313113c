package org.camelmta.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camelmta.smtp.SmtpReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpSinkDataTest {

    private SmtpSink sink;

    @BeforeEach
    void start() throws IOException {
        sink = SmtpSink.builder().maxMessageSize(100_000).start();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    /**
     * Wire bytes after DATA (escapes: \r \n) and the message the sink must keep. Only CRLF ends a
     * line, so a bare LF or CR never starts a dot-line or ends the message.
     */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            Subject: a\\r\\n\\r\\nbody\\r\\n.\\r\\n      | Subject: a\\r\\n\\r\\nbody\\r\\n | plain message
            .\\r\\n                                      | ''                              | empty message
            ..leading dot\\r\\n.\\r\\n                   | .leading dot\\r\\n              | stuffed dot removed
            ...\\r\\n.\\r\\n                             | ..\\r\\n                        | only the first dot removed
            a\\r\\n..\\r\\n.\\r\\n                       | a\\r\\n.\\r\\n                  | a stuffed lone dot
            mid.dot\\r\\n.x\\r\\n.\\r\\n                 | mid.dot\\r\\nx\\r\\n            | leading dot without stuffing is dropped too
            a\\nb\\r\\n.\\r\\n                           | a\\nb\\r\\n                     | bare LF kept
            x\\r.\\r\\n.\\r\\n                           | x\\r.\\r\\n                     | bare CR kept
            a\\r\\n.\\n.\\r\\nb\\r\\n.\\r\\n            | a\\r\\n\\n.\\r\\nb\\r\\n         | CRLF.LF. does not end the message
            a\\n.\\r\\nb\\r\\n.\\r\\n                    | a\\n.\\r\\nb\\r\\n              | LF.CRLF does not end the message
            end.\\r\\n.\\r\\n                         | end.\\r\\n                      | dot at line end
            """)
    void dotUnstuffingKeepsEveryOtherByte(String wire, String kept, String why) throws IOException {
        try (SinkTestClient client = readyForData()) {
            client.sendRaw(bytes(wire));
            assertThat(client.readReply().code()).as(why).isEqualTo(250);
        }
        assertThat(sink.transactions().get(0).content()).as(why).isEqualTo(bytes(kept));
        assertThat(sink.transactions().get(0).size()).isEqualTo(bytes(kept).length);
    }

    @Test
    void theEndMarkerSplitAtAnyPointAcrossWritesIsStillFound() throws IOException, InterruptedException {
        byte[] wire = bytes("..a\\r\\nb\\r\\n.\\r\\n");
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            for (int split = 1; split < wire.length; split++) {
                client.command("MAIL FROM:<a@example.org>");
                client.command("RCPT TO:<b@example.com>");
                assertThat(client.command("DATA").code()).isEqualTo(354);
                client.sendRaw(Arrays.copyOfRange(wire, 0, split));
                Thread.sleep(5);
                client.sendRaw(Arrays.copyOfRange(wire, split, wire.length));
                assertThat(client.readReply().code()).as("split at %d", split).isEqualTo(250);
            }
        }
        assertThat(sink.transactions()).hasSize(wire.length - 1)
                .allSatisfy(t -> assertThat(t.content()).isEqualTo(bytes(".a\\r\\nb\\r\\n")));
    }

    @Test
    void linesOver998OctetsAreAcceptedAndFlagged() throws IOException {
        String line998 = "a".repeat(998);
        String line999 = "b".repeat(999);
        String line20000 = ".".repeat(20_000);
        List<Boolean> flags = new ArrayList<>();
        try (SinkTestClient client = readyForData()) {
            for (String body : List.of(line998, line999, line20000)) {
                client.sendRaw((body + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(client.readReply().code()).isEqualTo(250);
                client.command("MAIL FROM:<a@example.org>");
                client.command("RCPT TO:<b@example.com>");
                client.command("DATA");
            }
        }
        sink.transactions().stream().filter(SinkTransaction::dataReceived).forEach(t -> flags.add(t.longLines()));
        assertThat(flags).containsExactly(false, true, true);
        // The 20000 dots lost only their first one to unstuffing, though read in pieces.
        assertThat(sink.transactions().get(2).contentAsString()).isEqualTo(".".repeat(19_999) + "\r\n");
    }

    @Test
    void mailWithSizeOverTheLimitIsRefused() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(client.command("MAIL FROM:<a@example.org> SIZE=100001").toString())
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            assertThat(client.command("MAIL FROM:<a@example.org> SIZE=100000").code()).isEqualTo(250);
        }
    }

    @Test
    void dataOverTheLimitIsRefusedAfterTheDotAndDataAtTheLimitIsTaken() throws IOException {
        byte[] atLimit = message(100_000);
        byte[] overLimit = message(100_001);
        try (SinkTestClient client = readyForData()) {
            client.sendRaw(withEnd(overLimit));
            assertThat(client.readReply().toString()).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            client.command("MAIL FROM:<a@example.org>");
            client.command("RCPT TO:<b@example.com>");
            client.command("DATA");
            client.sendRaw(withEnd(atLimit));
            assertThat(client.readReply().code()).isEqualTo(250);
        }
        List<SinkTransaction> transactions = sink.transactions();
        assertThat(transactions.get(0).delivered()).isFalse();
        assertThat(transactions.get(0).size()).isEqualTo(100_001);
        assertThat(transactions.get(0).content()).isEmpty();
        assertThat(transactions.get(1).content()).isEqualTo(atLimit);
        assertThat(sink.messageCount()).isEqualTo(1);
    }

    @Test
    void withoutRetainingOnlyCountsAreKeptButTheListenerStillSeesTheMessage() throws IOException, InterruptedException {
        List<SinkTransaction> heard = new CopyOnWriteArrayList<>();
        try (SmtpSink counting = SmtpSink.builder().retainMessages(false).onMessage(heard::add).start();
                SinkTestClient client = SinkTestClient.greeted(counting)) {
            client.ehlo("client.test");
            for (int i = 0; i < 3; i++) {
                client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.com>", "DATA");
                client.readReply();
                client.readReply();
                client.readReply();
                client.send("Subject: " + i, "", "hello", ".");
                assertThat(client.readReply().code()).isEqualTo(250);
            }
            assertThat(counting.awaitMessages(3, Duration.ofSeconds(5))).isTrue();
            assertThat(counting.transactions()).isEmpty();
            assertThat(counting.connections().get(0).chunks()).isEmpty();
            assertThat(counting.connections().get(0).transactions()).isEmpty();
            // the listener hears of a message once its 250 has left, so a moment after the client read it
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);
            assertThat(heard).extracting(SinkTransaction::contentAsString)
                    .containsExactly("Subject: 0\r\n\r\nhello\r\n", "Subject: 1\r\n\r\nhello\r\n", "Subject: 2\r\n\r\nhello\r\n");
        }
    }

    @Test
    void aTransactionIsRecordedBeforeItsReplyReachesTheClient() throws IOException {
        try (SinkTestClient client = readyForData()) {
            client.send("hi", ".");
            SmtpReply reply = client.readReply();
            // No waiting: the record exists once the client holds the reply.
            assertThat(sink.delivered()).hasSize(1);
            assertThat(reply.toString()).isEqualTo("250 2.0.0 Ok: queued as 0.0");
        }
    }

    private SinkTestClient readyForData() throws IOException {
        SinkTestClient client = SinkTestClient.greeted(sink);
        client.ehlo("client.test");
        client.command("MAIL FROM:<a@example.org>");
        client.command("RCPT TO:<b@example.com>");
        assertThat(client.command("DATA").code()).isEqualTo(354);
        return client;
    }

    /** A message of exactly {@code size} octets in 100-octet CRLF lines. */
    private static byte[] message(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 100 == 98 ? '\r' : i % 100 == 99 ? '\n' : 'm');
        }
        bytes[size - 2] = '\r';
        bytes[size - 1] = '\n';
        return bytes;
    }

    private static byte[] withEnd(byte[] message) {
        byte[] wire = Arrays.copyOf(message, message.length + 3);
        wire[message.length] = '.';
        wire[message.length + 1] = '\r';
        wire[message.length + 2] = '\n';
        return wire;
    }

    private static byte[] bytes(String escaped) {
        return escaped.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
