package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.relayPlan;
import static org.camelmta.smtp.SmtpTestSupport.sinkTrust;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay that offers AUTH but no TLS never sees the password: no AUTH command is sent, the
 * message is deferred (a configuration to fix, not a reason to bounce). Nor does one whose TLS
 * handshake fails: opportunistic TLS would try such a host again in clear, but not a relay
 * with credentials.
 */
class CredentialsWithoutTlsAreNeverSentTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void noAuthIsSentAndTheMessageIsDeferred() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().credentials("alice", "s3cret").start()) {
            DeliveryReport report = deliverer.deliver(relayPlan(sink, new RelayCredentials("alice", "s3cret")),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC).withTrust(sinkTrust()));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.phase()).isEqualTo(Phase.AUTH);
            assertThat(result.reply().text()).contains("without TLS");
            assertThat(wire(sink)).doesNotContain("AUTH").doesNotContain("MAIL FROM");
            assertThat(sink.connections().get(0).authenticatedUser()).isNull();
        }
    }

    @Test
    void aFailedHandshakeWithTheRelayIsNotRetriedInClear() throws Exception {
        SSLContext broken = SSLContext.getInstance("TLS");
        broken.init(null, null, null); // no key: every handshake fails
        try (SmtpSink sink = SmtpSink.builder().tls(broken).credentials("alice", "s3cret").start()) {
            DeliveryReport report = deliverer.deliver(relayPlan(sink, new RelayCredentials("alice", "s3cret")),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC).withTrust(sinkTrust()));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.phase()).isEqualTo(Phase.STARTTLS);
            assertThat(sink.connectionCount()).as("no second connection in clear").isEqualTo(1);
            assertThat(wire(sink)).doesNotContain("AUTH").doesNotContain("MAIL FROM");
        }
    }
}
