package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 452 4.2.2 (mailbox full) is about one recipient, not a recipient limit: that one is deferred,
 * the others are delivered. Without enhanced codes the client cannot tell the two 452s apart at
 * first, and must still end with the same outcome.
 */
class MailboxFullDefersOnlyThatRecipientTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "enhanced status codes {0}")
    @ValueSource(booleans = {true, false})
    void theFullMailboxIsDeferredAndTheOthersDelivered(boolean enhanced) throws IOException {
        SinkBuilder builder = SmtpSink.builder();
        if (!enhanced) {
            builder.without("ENHANCEDSTATUSCODES");
        }
        try (SmtpSink sink = builder.start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("a@example.com", "452-full@example.com",
                    "b@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients().get(0).isDelivered()).isTrue();
            assertThat(report.recipients().get(2).isDelivered()).isTrue();
            RecipientResult full = report.recipients().get(1);
            assertThat(full.isTransientFailure()).isTrue();
            assertThat(full.phase()).isEqualTo(Phase.RCPT);
            assertThat(full.reply().code()).isEqualTo(452);
            assertThat(full.reply().enhancedStatus()).isEqualTo(enhanced ? "4.2.2" : "");
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.recipientAddresses())
                    .containsExactly("a@example.com", "b@example.com"));
            assertThat(sink.connectionCount()).isEqualTo(1);
        }
    }
}
