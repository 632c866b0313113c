package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server says 220 to STARTTLS and resets the connection when the ClientHello arrives (what a
 * middlebox that will not pass TLS does). That is a failed handshake like any other: in
 * opportunistic mode the host is tried again in clear, on a new connection.
 */
class TlsHandshakeResetRetriesInClearTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theResetCountsAsAHandshakeFailureAndClearDelivers() throws IOException {
        AtomicInteger startTls = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer("220 scripted ESMTP", line -> switch (line.split("[ :]")[0]) {
            case "EHLO" -> "250-scripted\n250 STARTTLS";
            case "STARTTLS" -> startTls.getAndIncrement() == 0 ? "220 2.0.0 go ahead" + ScriptedServer.RESET : "454 no";
            case "MAIL", "RCPT", "RSET" -> "250 2.0.0 ok";
            case "DATA" -> "354 go ahead";
            case "QUIT" -> "221 2.0.0 bye";
            default -> "500 5.5.2 what";
        })) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            DeliveryReport report = deliverer.deliver(plan(hop), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            assertThat(report.connections()).hasSize(2);
            assertThat(report.connections().get(0).phase()).isEqualTo(Phase.STARTTLS);
            assertThat(report.connections().get(0).cause()).isEqualTo(Cause.TLS);
            assertThat(startTls.get()).as("no STARTTLS on the connection in clear").isEqualTo(1);
            List<String> lines = server.lines();
            assertThat(lines.indexOf("STARTTLS")).isLessThan(lines.lastIndexOf("EHLO " + SmtpTestSupport.EHLO_NAME));
            assertThat(lines.indexOf("MAIL FROM:<sender@example.org>"))
                    .isGreaterThan(lines.lastIndexOf("EHLO " + SmtpTestSupport.EHLO_NAME));
        }
    }
}
