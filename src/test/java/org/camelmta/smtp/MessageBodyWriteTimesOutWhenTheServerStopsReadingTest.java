package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.SENDER;
import static org.camelmta.smtp.SmtpTestSupport.addresses;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.camelmta.loopback.SinkTls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After 354 the server stops reading: the message body fills the socket buffers and the write
 * blocks. Java sockets have no write timeout, so the watchdog must end it after the data
 * timeout, or delivery would hang for ever; in clear and inside TLS (where closing the socket
 * under a blocked writer is a different code path in the JDK).
 */
class MessageBodyWriteTimesOutWhenTheServerStopsReadingTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    /** Far more than loopback's socket buffers hold (a few MB each way). */
    private static final int MESSAGE_OCTETS = 32 * 1024 * 1024;

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    // A hang is exactly the failure this test looks for: fail it, do not wait for it.
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(booleans = {false, true})
    void theBlockedWriteTimesOutAtTheDataTimeout(boolean tls) throws IOException {
        byte[] content = new byte[MESSAGE_OCTETS];
        Arrays.fill(content, (byte) 'x');
        for (int i = 76; i < content.length - 1; i += 78) {
            content[i] = '\r';
            content[i + 1] = '\n';
        }
        try (ScriptedServer server = new ScriptedServer("220 scripted ESMTP", line -> switch (line.split("[ :]")[0]) {
            case "EHLO" -> tls ? "250-scripted\n250-STARTTLS\n250 PIPELINING" : "250-scripted\n250 PIPELINING";
            case "STARTTLS" -> "220 2.0.0 go ahead";
            case "MAIL", "RCPT" -> "250 2.0.0 ok";
            case "DATA" -> "354 go ahead" + ScriptedServer.HANG;
            default -> "500 5.5.2 what";
        }, tls ? SinkTls.serverContext() : null)) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            long start = System.nanoTime();
            DeliveryReport report = deliverer.deliver(plan(hop),
                    new MailTransaction(SENDER, addresses("rcpt@example.com"), content),
                    options(shortAt(Phase.DATA, SHORT), TlsPolicy.OPPORTUNISTIC));
            long elapsed = millisSince(start);

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(Phase.DATA);
            assertThat(result.cause()).isEqualTo(Cause.TIMEOUT);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("timed out while sending message body");
            assertThat(elapsed).isLessThan(SmtpTestSupport.LONG.toMillis());
            assertThat(server.lines().contains("STARTTLS")).as("went through TLS").isEqualTo(tls);
        }
    }
}
