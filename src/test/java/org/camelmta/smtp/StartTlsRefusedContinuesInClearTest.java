package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.countCommands;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that advertises STARTTLS but answers it 454: in opportunistic mode the message goes
 * in clear on the same connection (no handshake was begun, so the connection is still in step).
 */
class StartTlsRefusedContinuesInClearTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theSameConnectionCarriesTheMessageInClear() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext())
                .fault(Phase.STARTTLS, SinkAction.reply(454, "4.7.0 TLS not available due to local problem")).start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.connectionCount()).isEqualTo(1);
            assertThat(countCommands(sink.connections().get(0), "STARTTLS")).isEqualTo(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isFalse());
        }
    }
}
