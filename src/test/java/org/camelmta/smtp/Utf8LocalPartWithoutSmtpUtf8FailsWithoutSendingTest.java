package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A UTF-8 local part to a server without SMTPUTF8 fails 553 5.6.7 (RFC 6531 §3.2) before MAIL. */
class Utf8LocalPartWithoutSmtpUtf8FailsWithoutSendingTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theTransactionFailsAndNothingIsSent() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("SMTPUTF8").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("j\u00f6rg@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isPermanentFailure()).isTrue();
            assertThat(result.reply().code()).isEqualTo(553);
            assertThat(result.reply().enhancedStatus()).isEqualTo("5.6.7");
            assertThat(wire(sink)).doesNotContain("MAIL FROM");
        }
    }
}
