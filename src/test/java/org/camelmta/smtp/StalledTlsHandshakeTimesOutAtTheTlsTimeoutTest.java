package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;

import java.io.IOException;
import java.time.Duration;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.Test;

/**
 * The server says 220 to STARTTLS and then never answers the ClientHello: the TLS timeout, and
 * no other, ends the handshake.
 */
class StalledTlsHandshakeTimesOutAtTheTlsTimeoutTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void theHandshakeTimesOutAfterTheTlsTimeout() throws IOException {
        try (ScriptedServer server = new ScriptedServer("220 scripted ESMTP", line -> switch (line.split(" ")[0]) {
            case "EHLO" -> "250-scripted\n250 STARTTLS";
            case "STARTTLS" -> "220 2.0.0 go ahead";
            default -> null;
        })) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            long start = System.nanoTime();
            assertThatThrownBy(() -> SmtpSession.open(hop, null, sessionOptions(shortAt(Phase.STARTTLS, SHORT),
                    TlsPolicy.OPPORTUNISTIC)))
                    .isInstanceOfSatisfying(SmtpFailure.class, f -> {
                        assertThat(f.phase()).isEqualTo(Phase.STARTTLS);
                        assertThat(f.cause()).isEqualTo(Cause.TIMEOUT);
                        assertThat(f.reply().isTransient()).isTrue();
                        assertThat(f.reply().text()).contains("TLS handshake").contains("timed out");
                    });
            assertThat(millisSince(start)).isBetween(SHORT.toMillis(), SHORT.toMillis() + 1_500);
            assertThat(server.lines()).contains("STARTTLS");
        }
    }
}
