package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3463 codes the server gives (it advertises ENHANCEDSTATUSCODES) are in each recipient's
 * result; a server without them gives results without them, not codes made up.
 */
class EnhancedStatusCodesReachTheResultsTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theServersEnhancedCodesArePerRecipient() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("ok@example.com", "550-gone@example.com",
                    "452-full@example.com", "551-moved@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients()).extracting(r -> r.reply().enhancedStatus())
                    .containsExactly("2.0.0", "5.1.1", "4.2.2", "5.1.6");
        }
    }

    @Test
    void withoutEnhancedStatusCodesTheResultsHaveNone() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("ENHANCEDSTATUSCODES").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("ok@example.com", "550-gone@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients()).extracting(r -> r.reply().code()).containsExactly(250, 550);
            assertThat(report.recipients()).extracting(r -> r.reply().enhancedStatus()).containsExactly("", "");
        }
    }
}
