package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With TLS required, a server without it (or refusing it) gets no mail: a transient failure, no MAIL sent. */
class RequiredTlsWithoutTlsDefersTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void aServerWithoutStartTlsDefersWith474() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.REQUIRE));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().enhancedStatus()).isEqualTo("4.7.4");
            assertThat(result.phase()).isEqualTo(Phase.STARTTLS);
            assertThat(result.cause()).isEqualTo(Cause.TLS);
            assertThat(wire(sink)).doesNotContain("MAIL FROM");
            assertThat(sink.transactions()).isEmpty();
        }
    }

    @Test
    void aServerRefusingStartTlsDefersToo() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext())
                .fault(Phase.STARTTLS, SinkAction.reply(454, "4.7.0 TLS not available")).start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.REQUIRE));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.phase()).isEqualTo(Phase.STARTTLS);
            assertThat(result.reply().code()).isEqualTo(454);
            assertThat(wire(sink)).doesNotContain("MAIL FROM");
            assertThat(sink.connectionCount()).as("no retry in clear when TLS is required").isEqualTo(1);
        }
    }
}
