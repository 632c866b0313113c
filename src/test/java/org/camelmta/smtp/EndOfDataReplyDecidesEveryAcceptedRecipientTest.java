package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reply to the final dot is the answer for every recipient the server accepted (RFC 5321
 * §4.1.1.4, without LMTP); a recipient refused at RCPT keeps its own answer.
 */
class EndOfDataReplyDecidesEveryAcceptedRecipientTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "final dot answered {0}")
    @ValueSource(ints = {550, 451})
    void acceptedRecipientsShareTheFinalReply(int code) throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("a@example.com", "data-" + code + "-b@example.com",
                    "552-c@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients().subList(0, 2)).allSatisfy(r -> {
                assertThat(r.phase()).isEqualTo(Phase.DATA_END);
                assertThat(r.reply().code()).isEqualTo(code);
                assertThat(r.isDelivered()).isFalse();
                assertThat(r.isPermanentFailure()).isEqualTo(code >= 500);
            });
            RecipientResult c = report.recipients().get(2);
            assertThat(c.phase()).isEqualTo(Phase.RCPT);
            assertThat(c.reply().code()).isEqualTo(552);
            assertThat(sink.transactions()).singleElement().satisfies(t -> assertThat(t.finalCode()).isEqualTo(code));
        }
    }
}
