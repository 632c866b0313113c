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

/**
 * 8-bit content to a server without 8BITMIME fails 554 5.6.3 for good, before MAIL (camel-mta
 * does not downgrade to 7 bit: that would change the message and break its signatures).
 */
class EightBitContentWithout8BitMimeFailsWithoutSendingTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theMessageFailsAndNothingIsSent() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("8BITMIME").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), txOf("Subject: x\r\n\r\nD\u00e9j\u00e0 vu\r\n",
                    "rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isPermanentFailure()).isTrue();
            assertThat(result.reply().code()).isEqualTo(554);
            assertThat(result.reply().enhancedStatus()).isEqualTo("5.6.3");
            assertThat(result.cause()).isEqualTo(Cause.LOCAL);
            assertThat(wire(sink)).doesNotContain("MAIL FROM");
        }
    }
}
