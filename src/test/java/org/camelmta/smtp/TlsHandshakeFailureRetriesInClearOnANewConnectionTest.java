package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.countCommands;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's TLS is broken (a context without a certificate: every handshake fails). In
 * opportunistic mode the same hop is tried again in clear on a second connection; nothing of the
 * mail is ever written in clear on the first one, whose state after a failed handshake is unknown.
 */
class TlsHandshakeFailureRetriesInClearOnANewConnectionTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void aSecondConnectionInClearDelivers() throws IOException, GeneralSecurityException {
        SSLContext broken = SSLContext.getInstance("TLS");
        broken.init(null, null, null);
        try (SmtpSink sink = SmtpSink.builder().tls(broken).start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.connectionCount()).isEqualTo(2);
            SinkConnection first = sink.connections().get(0);
            SinkConnection second = sink.connections().get(1);
            assertThat(wire(first)).contains("STARTTLS").doesNotContain("MAIL").doesNotContain("RCPT");
            assertThat(first.transactions()).isEmpty();
            assertThat(countCommands(second, "STARTTLS")).isZero();
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.connectionIndex()).isEqualTo(second.index());
                assertThat(t.tls()).isFalse();
            });
            assertThat(report.connections()).hasSize(2);
            assertThat(report.connections().get(0).phase()).isEqualTo(Phase.STARTTLS);
            assertThat(report.connections().get(0).cause()).isEqualTo(Cause.TLS);
            assertThat(report.connections().get(1).isFailure()).isFalse();
        }
    }
}
