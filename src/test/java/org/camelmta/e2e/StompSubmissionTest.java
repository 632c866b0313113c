package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.Unstamped;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain STOMP client (raw frames on a socket, no library), logged in as a submitter, submits to mta.submit and the mail is delivered. */
class StompSubmissionTest {

    @TempDir
    static Path data;
    static ZoneDnsServer dns;
    static Sinks sinks;
    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        sinks = Sinks.onLoopback(1);
        dns = ZoneDnsServer.start().zone("example.org", """
                @  IN SOA ns.example.org. hostmaster.example.org. 1 3600 600 86400 60
                @  IN MX 10 mx.example.org.
                mx IN A 127.0.0.2
                """);
        engine = TestEngine.builder(data).dns(dns).smtpPort(sinks.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        sinks.close();
        dns.close();
    }

    @Test
    void stompSendWithPropertiesIsDelivered() throws Exception {
        byte[] message = Mail.simple("stomp@example.com", "rcpt@example.org", "over stomp", "sent with STOMP\r\n");
        URI broker = URI.create(engine.runtime().brokerUrl());
        try (JmsClient.EventCollector events = engine.jms().subscribeEvents();
             Socket socket = new Socket(broker.getHost(), broker.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            var submitter = engine.login(org.camelmta.security.BrokerRole.SUBMITTER);
            out.write(frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nlogin:" + submitter.user() + "\npasscode:"
                    + submitter.password() + "\n\n"));
            assertThat(readFrame(in)).startsWith("CONNECTED");
            ByteArrayOutputStream send = new ByteArrayOutputStream();
            send.writeBytes(("SEND\ndestination:mta.submit\ndestination-type:ANYCAST\npersistent:true\nreceipt:r1\n"
                    + "mtaSender:stomp@example.com\nmtaRecipients:rcpt@example.org\ncontent-length:" + message.length
                    + "\n\n").getBytes(StandardCharsets.UTF_8));
            send.writeBytes(message);
            send.write(0);
            out.write(send.toByteArray());
            assertThat(readFrame(in)).startsWith("RECEIPT").contains("receipt-id:r1");

            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
            assertThat(Unstamped.bytes(sinks.get(0).delivered().get(0).content())).isEqualTo(message);
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.ofType("delivered").isEmpty());
            assertThat(events.ofType("delivered").get(0).sender()).isEqualTo("stomp@example.com");
            out.write(frame("DISCONNECT\n\n"));
        }
    }

    private static byte[] frame(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] f = java.util.Arrays.copyOf(b, b.length + 1);
        return f;
    }

    private static String readFrame(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) > 0) {
            buf.write(c);
        }
        return buf.toString(StandardCharsets.UTF_8).replaceFirst("^\n+", "");
    }
}
