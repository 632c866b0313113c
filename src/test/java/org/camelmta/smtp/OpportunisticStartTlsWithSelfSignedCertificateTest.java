package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.countCommands;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.Test;

/**
 * Opportunistic TLS against a self-signed certificate: the session goes TLS (MX certificates are
 * not verified), says EHLO again inside TLS (RFC 3207 §4.2), and the mail travels encrypted.
 */
class OpportunisticStartTlsWithSelfSignedCertificateTest {

    @Test
    void theSessionUpgradesAndGreetsAgain() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).start()) {
            SmtpSession session = SmtpSession.open(hop("mx.example.com", sink), null,
                    sessionOptions(TlsPolicy.OPPORTUNISTIC));
            try {
                assertThat(session.isTls()).isTrue();
                assertThat(session.capabilities().startTls()).as("capabilities are those learnt inside TLS").isFalse();
                assertThat(session.capabilities().pipelining()).isTrue();

                TransactionResult result = session.send(tx("rcpt@example.com"));
                assertThat(result.decided()).singleElement().satisfies(r -> assertThat(r.isDelivered()).isTrue());
            } finally {
                session.quit();
            }

            SinkConnection connection = sink.connections().get(0);
            assertThat(connection.tls()).isTrue();
            assertThat(countCommands(connection, "EHLO ")).isEqualTo(2);
            assertThat(countCommands(connection, "STARTTLS")).isEqualTo(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
        }
    }
}
