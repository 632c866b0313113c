package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.time.Duration;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.Test;

/**
 * A server that offers STARTTLS and then never answers it: in opportunistic mode the host is
 * tried again in clear on a new connection (as after a failed handshake), and the mail goes.
 */
class StalledStartTlsRetriesInClearTest {

    @Test
    void secondConnectionInClearDelivers() throws Exception {
        SmtpDeliverer deliverer = deliverer();
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).fault(Phase.STARTTLS, SinkAction.stall()).start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"),
                    options(shortAt(Phase.STARTTLS, Duration.ofMillis(300)), TlsPolicy.OPPORTUNISTIC));
            assertThat(report.recipients().get(0).isDelivered()).isTrue();
            assertThat(sink.connectionCount()).isEqualTo(2);
            assertThat(sink.connections().get(1).tls()).isFalse();
            assertThat(sink.delivered().get(0).connectionIndex()).isEqualTo(1);
        } finally {
            deliverer.cache().close();
        }
    }
}
