package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.sinkOn;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every host greets 554: that says nothing about the recipients, so they are deferred with the
 * last host's words, never bounced.
 */
class EveryHostRefusingToTalkDefersTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theRecipientsAreDeferred() throws IOException {
        try (SmtpSink first = sinkOn("127.0.0.1", SmtpSink.builder().greeting(554, "5.3.2 not accepting mail"));
                SmtpSink second = sinkOn("127.0.0.2", SmtpSink.builder().greeting(554, "5.7.1 go away"))) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx1.example.com", first), hop("mx2.example.com", second)),
                    tx("a@example.com", "b@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients()).hasSize(2).allSatisfy(r -> {
                assertThat(r.isTransientFailure()).isTrue();
                assertThat(r.isPermanentFailure()).isFalse();
                assertThat(r.phase()).isEqualTo(Phase.GREETING);
                assertThat(r.reply().text()).contains("554 5.7.1 go away");
            });
            assertThat(first.connectionCount()).isEqualTo(1);
            assertThat(second.connectionCount()).isEqualTo(1);
        }
    }
}
