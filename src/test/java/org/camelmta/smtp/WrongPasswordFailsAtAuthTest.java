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
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay refusing the credentials (535) fails the delivery at AUTH, before MAIL. The message is
 * deferred rather than bounced (Postfix's smtp_sasl_auth_soft_bounce): the fault is ours to fix.
 */
class WrongPasswordFailsAtAuthTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theDeliveryFailsAtAuth() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).credentials("alice", "s3cret").start()) {
            DeliveryReport report = deliverer.deliver(relayPlan(sink, new RelayCredentials("alice", "wrong")),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC).withTrust(sinkTrust()));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(Phase.AUTH);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("535");
            assertThat(report.connections().get(0).failure().code()).isEqualTo(535);
            assertThat(sink.connections().get(0).authenticatedUser()).isNull();
            assertThat(wire(sink)).doesNotContain("MAIL FROM");
        }
    }
}
