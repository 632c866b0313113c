package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS stripped from the EHLO reply (by the server's configuration or by someone on the
 * path): opportunistic delivery goes in clear and never sends STARTTLS unasked.
 */
class StartTlsNotAdvertisedDeliversInClearTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theMessageGoesInClear() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).without("STARTTLS").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            assertThat(wire(sink)).doesNotContain("STARTTLS");
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isFalse());
        }
    }
}
