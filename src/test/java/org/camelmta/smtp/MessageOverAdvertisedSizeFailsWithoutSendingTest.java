package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.txOf;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A message larger than the server's advertised SIZE fails 552 5.3.4 before MAIL: nothing is sent. */
class MessageOverAdvertisedSizeFailsWithoutSendingTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theMessageIsRefusedLocally() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().maxMessageSize(200).start()) {
            String big = SmtpTestSupport.SIMPLE + "x".repeat(300) + "\r\n";
            DeliveryReport report = deliverer.deliver(plan(sink), txOf(big, "rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isPermanentFailure()).isTrue();
            assertThat(result.reply().code()).isEqualTo(552);
            assertThat(result.reply().enhancedStatus()).isEqualTo("5.3.4");
            assertThat(result.cause()).isEqualTo(Cause.LOCAL);
            assertThat(result.reply().text()).contains("exceeds size limit 200");
            assertThat(wire(sink)).doesNotContain("MAIL").doesNotContain("DATA");
        }
    }
}
