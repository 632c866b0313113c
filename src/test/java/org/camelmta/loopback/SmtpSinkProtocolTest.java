package org.camelmta.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camelmta.smtp.SmtpReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpSinkProtocolTest {

    private SmtpSink sink;

    @BeforeEach
    void start() throws IOException {
        sink = SmtpSink.builder().hostname("sink.test").start();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void ehloAdvertisesTheDefaultExtensions() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            SmtpReply reply = client.command("EHLO client.test");

            assertThat(reply.code()).isEqualTo(250);
            assertThat(reply.lines()).containsExactly("sink.test", "PIPELINING", "SIZE 10240000", "8BITMIME",
                    "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES");
        }
    }

    @Test
    void extensionsCanBeSwitchedOffAndStartTlsAndAuthAppearOnlyWhenConfigured() throws IOException {
        try (SmtpSink configured = SmtpSink.builder().tls(SinkTls.serverContext()).credentials("u", "p")
                .maxMessageSize(5000).without("pipelining", "DSN").advertise("CHUNKING").start();
                SinkTestClient client = SinkTestClient.greeted(configured)) {
            assertThat(client.ehlo("client.test")).containsExactly("SIZE 5000", "8BITMIME", "SMTPUTF8",
                    "ENHANCEDSTATUSCODES", "STARTTLS", "AUTH PLAIN LOGIN", "CHUNKING");
        }
    }

    @Test
    void greetingAndHeloCarryTheHostname() throws IOException {
        try (SinkTestClient client = SinkTestClient.connect(sink)) {
            assertThat(client.readReply().toString()).isEqualTo("220 sink.test ESMTP camel-mta smtp-sink");
            assertThat(client.command("HELO client.test").toString()).isEqualTo("250 sink.test");
            assertThat(sink.connections().get(0).heloName()).isEqualTo("client.test");
        }
    }

    @Test
    void pipelinedMailRcptAndDataGetThreeRepliesInOrderInOneWrite() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.com>", "DATA");

            String replies = new String(client.readChunk(), StandardCharsets.US_ASCII);

            assertThat(replies).isEqualTo("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
            assertThat(sink.connections().get(0).chunksAsText())
                    .contains("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
            client.send("Subject: x", "", "body", ".");
            assertThat(client.readReply().code()).isEqualTo(250);
        }
    }

    @Test
    void aRoundTripHoldsTheRepliesToAPipelinedGroupOnceAndSendsThemTogether() throws IOException {
        Duration roundTrip = Duration.ofMillis(300);
        try (SmtpSink far = SmtpSink.builder().roundTrip(roundTrip).start();
                SinkTestClient client = SinkTestClient.greeted(far)) {
            client.ehlo("client.test");
            long sent = System.nanoTime();
            client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.com>", "DATA");

            String replies = new String(client.readChunk(), StandardCharsets.US_ASCII);

            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(roundTrip);
            assertThat(replies).isEqualTo("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
        }
    }

    @Test
    void aClientThatWaitsForEachReplyShowsOneCommandPerChunk() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            client.command("RCPT TO:<b@example.com>");

            assertThat(sink.connections().get(0).chunksAsText())
                    .containsExactly("EHLO client.test\r\n", "MAIL FROM:<a@example.org>\r\n", "RCPT TO:<b@example.com>\r\n");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            MAIL FROM:<a@example.org>                | 503 5.5.1 | no EHLO yet
            EHLO                                     | 501 5.5.4 | EHLO without a name
            """)
    void commandsBeforeEhloAreRefused(String command, String expected, String why) throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            assertThat(client.command(command).toString()).as(why).startsWith(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            RCPT TO:<b@example.com>                      | 503 5.5.1 | RCPT before MAIL
            DATA                                         | 503 5.5.1 | DATA before MAIL
            FROB                                         | 500 5.5.2 | unknown command
            MAIL FROM:a@example.org                      | 501 5.5.4 | path without brackets
            MAIL TO:<a@example.org>                      | 501 5.5.4 | wrong keyword
            MAIL FROM:<not an address>                   | 501 5.1.7 | bad sender
            MAIL FROM:<a@example.org> FROB=1             | 555 5.5.4 | unknown parameter
            MAIL FROM:<a@example.org> SIZE=many          | 501 5.5.4 | SIZE not a number
            MAIL FROM:<a@example.org> SIZE=99999999999999999999 | 501 5.5.4 | SIZE beyond any long
            MAIL FROM:<a@example.org> BODY=BINARYMIME    | 501 5.5.4 | BODY not offered
            MAIL FROM:<a@example.org> RET=ALL            | 501 5.5.4 | RET neither FULL nor HDRS
            MAIL FROM:<a@example.org> SIZE=1 SIZE=2      | 501 5.5.4 | parameter twice
            MAIL FROM:<jörg@example.org>                 | 553 5.6.7 | UTF-8 without SMTPUTF8
            MAIL FROM:<>                                 | 250 2.1.0 | null sender
            MAIL FROM:<jörg@example.org> SMTPUTF8        | 250 2.1.0 | UTF-8 with SMTPUTF8
            MAIL FROM: <a@example.org> SIZE=10 BODY=8BITMIME RET=HDRS ENVID=x1 | 250 2.1.0 | all parameters, space after colon
            RSET now                                     | 501 5.5.4 | RSET with an argument
            NOOP                                         | 250 2.0.0 | NOOP
            VRFY someone                                 | 252 2.0.0 | VRFY
            STARTTLS                                     | 502 5.5.1 | no TLS configured
            AUTH PLAIN                                   | 502 5.5.1 | no credentials configured
            """)
    void commandsAfterEhloGetTheRightReply(String command, String expected, String why) throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(client.command(command).toString()).as(why).startsWith(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            MAIL FROM:<a@example.org>                    | 503 5.5.1 | nested MAIL
            RCPT TO:<not an address>                     | 501 5.1.3 | bad recipient
            RCPT TO:<>                                   | 501 5.1.3 | empty recipient
            RCPT TO:<b@example.com> NOTIFY=SOMETIMES     | 501 5.5.4 | bad NOTIFY
            RCPT TO:<b@example.com> NOTIFY=NEVER,DELAY   | 501 5.5.4 | NEVER with others
            RCPT TO:<b@example.com> ORCPT=nosemicolon    | 501 5.5.4 | ORCPT without type
            RCPT TO:<b@example.com> XFOO                 | 555 5.5.4 | unknown parameter
            RCPT TO:<jörg@example.com>                   | 553 5.6.7 | UTF-8 without SMTPUTF8
            DATA                                         | 554 5.5.1 | no accepted recipient
            DATA now                                     | 501 5.5.4 | DATA with an argument
            RCPT TO:<Postmaster>                         | 250 2.1.5 | postmaster without domain
            RCPT TO:<@relay.example:b@example.com>       | 250 2.1.5 | source route dropped
            RCPT TO:<b@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.com | 250 2.1.5 | DSN parameters
            """)
    void commandsInATransactionGetTheRightReply(String command, String expected, String why) throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
            assertThat(client.command(command).toString()).as(why).startsWith(expected);
        }
    }

    @Test
    void parametersAreRecordedWithTheTransaction() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org> SIZE=42 BODY=8BITMIME RET=HDRS ENVID=QQ314159");
            client.command("RCPT TO:<@relay.example:b@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.com");
            client.command("RCPT TO:<c@example.com>");
            client.command("DATA");
            client.send("x", ".");
            client.readReply();

            SinkTransaction transaction = sink.transactions().get(0);
            assertThat(transaction.mailFrom()).isEqualTo("a@example.org");
            assertThat(transaction.mailParams()).containsExactly(
                    entry("SIZE", "42"), entry("BODY", "8BITMIME"), entry("RET", "HDRS"), entry("ENVID", "QQ314159"));
            assertThat(transaction.recipients()).containsExactly(
                    new SinkRecipient("b@example.com", Map.of("NOTIFY", "SUCCESS,FAILURE", "ORCPT", "rfc822;b@example.com")),
                    new SinkRecipient("c@example.com", Map.of()));
            assertThat(transaction.heloName()).isEqualTo("client.test");
            assertThat(transaction.tls()).isFalse();
        }
    }

    @Test
    void afterHeloNoEsmtpParameterIsAccepted() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.command("HELO client.test");
            assertThat(client.command("MAIL FROM:<a@example.org> SIZE=10").toString()).startsWith("555 5.5.4");
            assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
        }
    }

    @Test
    void parametersOfASwitchedOffExtensionAreRefused() throws IOException {
        try (SmtpSink noDsn = SmtpSink.builder().without("DSN", "SIZE").start();
                SinkTestClient client = SinkTestClient.greeted(noDsn)) {
            client.ehlo("client.test");
            assertThat(client.command("MAIL FROM:<a@example.org> SIZE=10").code()).isEqualTo(555);
            assertThat(client.command("MAIL FROM:<a@example.org> RET=FULL").code()).isEqualTo(555);
            assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<b@example.com> NOTIFY=NEVER").code()).isEqualTo(555);
        }
    }

    @Test
    void withoutEnhancedStatusCodesRepliesCarryNone() throws IOException {
        try (SmtpSink plain = SmtpSink.builder().without("ENHANCEDSTATUSCODES").start();
                SinkTestClient client = SinkTestClient.greeted(plain)) {
            client.ehlo("client.test");
            assertThat(client.command("MAIL FROM:<a@example.org>").toString()).isEqualTo("250 Ok");
            assertThat(client.command("RCPT TO:<x").toString()).isEqualTo("501 Syntax: RCPT TO:<address>");
            assertThat(client.command("RCPT TO:<550-x@example.com>").toString()).startsWith("550 <550-x@example.com>: ");
        }
    }

    @Test
    void aCommandLineOver1000OctetsIsRefusedAndTheSessionGoesOn() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            String longest = "NOOP " + "x".repeat(1000 - "NOOP \r\n".length());
            assertThat(client.command(longest).code()).isEqualTo(250);
            assertThat(client.command(longest + "x").toString()).startsWith("500 5.5.0");
            assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
        }
    }

    @Test
    void rsetAbandonsTheTransactionAndARecordShowsIt() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            client.command("RCPT TO:<b@example.com>");
            assertThat(client.command("RSET").toString()).isEqualTo("250 2.0.0 Ok");
            assertThat(client.command("RCPT TO:<b@example.com>").code()).isEqualTo(503);

            List<SinkTransaction> transactions = sink.transactions();
            assertThat(transactions).hasSize(1);
            assertThat(transactions.get(0).finalCode()).isZero();
            assertThat(transactions.get(0).dataReceived()).isFalse();
            assertThat(transactions.get(0).recipientAddresses()).containsExactly("b@example.com");
            assertThat(sink.messageCount()).isZero();
        }
    }

    @Test
    void secondEhloInATransactionResetsIt() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            client.ehlo("again.test");
            assertThat(client.command("RCPT TO:<b@example.com>").code()).isEqualTo(503);
            assertThat(sink.connections().get(0).heloName()).isEqualTo("again.test");
        }
    }

    @Test
    void quitAnswers221AndClosesTheConnection() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            assertThat(client.command("QUIT").toString()).isEqualTo("221 2.0.0 Bye");
            assertThat(client.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }
}
