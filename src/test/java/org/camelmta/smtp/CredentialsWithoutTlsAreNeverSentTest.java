package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.relayPlan;
import static org.camelmta.smtp.SmtpTestSupport.sinkTrust;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay that offers AUTH but no TLS never sees the password: no AUTH command is sent, the
 * message is deferred (a configuration to fix, not a reason to bounce).
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
}
