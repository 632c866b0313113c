package org.camelmta.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLSocket;
import org.camelmta.smtp.SmtpReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpSinkTlsTest {

    private SmtpSink sink;

    @BeforeEach
    void start() throws IOException {
        sink = SmtpSink.builder().tls(SinkTls.serverContext()).credentials("alice", "s3cret").start();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void afterStartTlsTheClientMustSayEhloAgainAndStartTlsIsNoLongerOffered() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            assertThat(client.ehlo("client.test")).contains("STARTTLS");
            client.startTls();

            assertThat(client.command("MAIL FROM:<a@example.org>").toString()).startsWith("503 5.5.1");
            assertThat(client.ehlo("client.test")).doesNotContain("STARTTLS").contains("AUTH PLAIN LOGIN");
            assertThat(client.command("STARTTLS").toString()).startsWith("503 5.5.1");
            client.command("MAIL FROM:<a@example.org>");
            client.command("RCPT TO:<b@example.com>");
            client.command("DATA");
            client.send("secret", ".");
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).startsWith("TLS");
        }
        assertThat(sink.connections().get(0).tls()).isTrue();
        assertThat(sink.transactions().get(0).tls()).isTrue();
    }

    @Test
    void theTestCertificateIsTrustedByTheStrictClientContext() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(client.command("STARTTLS").code()).isEqualTo(220);
            client.handshake(SinkTls.trustingClientContext());
            assertThat(client.ehlo("client.test")).isNotEmpty();
        }
    }

    @Test
    void injectedBytesArriveInTheSameReadAsThe220() throws IOException {
        byte[] inject = "250-PIPELINING injected\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SmtpSink injecting = SmtpSink.builder().tls(SinkTls.serverContext()).injectAfterStartTlsReply(inject).start();
                SinkTestClient client = SinkTestClient.greeted(injecting)) {
            client.ehlo("client.test");
            client.send("STARTTLS");

            String chunk = new String(client.readChunk(), StandardCharsets.US_ASCII);

            assertThat(chunk).isEqualTo("220 2.0.0 Ready to start TLS\r\n250-PIPELINING injected\r\n");
            client.handshake(SinkTls.trustAllClientContext());
            assertThat(client.ehlo("client.test")).isNotEmpty();
        }
    }

    @Test
    void plaintextPipelinedAfterStartTlsIsDiscarded() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.send("STARTTLS", "EHLO injected.test", "MAIL FROM:<evil@example.org>");
            assertThat(client.readReply().code()).isEqualTo(220);
            client.handshake(SinkTls.trustAllClientContext());

            assertThat(client.command("RCPT TO:<b@example.com>").toString()).as("no MAIL survived the handshake").startsWith("503 5.5.1");
            assertThat(sink.connections().get(0).heloName()).isNull();
        }
    }

    @Test
    void authBeforeTlsIsRefusedWith538() throws IOException {
        try (SinkTestClient client = SinkTestClient.greeted(sink)) {
            assertThat(client.ehlo("client.test")).contains("AUTH PLAIN LOGIN");
            assertThat(client.command("AUTH PLAIN " + plain("alice", "s3cret")).toString())
                    .startsWith("538 5.7.11 ");
            assertThat(sink.connections().get(0).authenticatedUser()).isNull();
        }
    }

    @Test
    void authPlainWithAnInitialResponseSucceedsInsideTls() throws IOException {
        try (SinkTestClient client = tlsClient()) {
            assertThat(client.command("AUTH PLAIN " + plain("alice", "s3cret")).toString()).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.command("AUTH PLAIN " + plain("alice", "s3cret")).code()).as("only once").isEqualTo(503);
        }
        assertThat(sink.connections().get(0).authenticatedUser()).isEqualTo("alice");
    }

    @Test
    void authPlainWithAChallengeAndAuthLoginSucceed() throws IOException {
        try (SinkTestClient client = tlsClient()) {
            SmtpReply challenge = client.command("AUTH PLAIN");
            assertThat(challenge.code()).isEqualTo(334);
            assertThat(challenge.lines()).as("an empty challenge").containsExactly("");
            assertThat(client.command(plain("alice", "s3cret")).code()).isEqualTo(235);
        }
        try (SinkTestClient client = tlsClient()) {
            assertThat(client.command("AUTH LOGIN").toString()).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.command(base64("alice")).toString()).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.command(base64("s3cret")).code()).isEqualTo(235);
        }
        assertThat(sink.connections()).extracting(SinkConnection::authenticatedUser).containsExactly("alice", "alice");
    }

    @Test
    void wrongCredentialsCancellationAndUnknownMechanismsAreRefused() throws IOException {
        try (SinkTestClient client = tlsClient()) {
            assertThat(client.command("AUTH PLAIN " + plain("alice", "wrong")).toString()).startsWith("535 5.7.8 ");
            assertThat(client.command("AUTH LOGIN").code()).isEqualTo(334);
            assertThat(client.command("*").toString()).startsWith("501 ");
            assertThat(client.command("AUTH PLAIN not-base64!").toString()).startsWith("501 5.5.2 ");
            assertThat(client.command("AUTH CRAM-MD5").toString()).startsWith("504 5.5.4 ");
            assertThat(client.command("AUTH PLAIN " + plain("alice", "s3cret")).code()).isEqualTo(235);
        }
    }

    private SinkTestClient tlsClient() throws IOException {
        SinkTestClient client = SinkTestClient.greeted(sink);
        client.ehlo("client.test");
        client.startTls();
        client.ehlo("client.test");
        return client;
    }

    private static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
