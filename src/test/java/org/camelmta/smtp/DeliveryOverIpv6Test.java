package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.ip;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.sinkOn;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.net.Inet6Address;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hop at ::1 is connected over IPv6 and delivers, TLS included. */
class DeliveryOverIpv6Test {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theMessageIsDeliveredOverIpv6() throws IOException {
        try (SmtpSink sink = sinkOn("::1", SmtpSink.builder().tls(SinkTls.serverContext()))) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx6.example.com", sink)), tx("rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).singleElement().satisfies(r -> {
                assertThat(r.hop().address()).isEqualTo(ip("::1"));
                assertThat(r.sourceIp()).isInstanceOf(Inet6Address.class);
                assertThat(r.hop().toString()).isEqualTo("mx6.example.com[0:0:0:0:0:0:0:1]:" + sink.port());
            });
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.client().getAddress()).isInstanceOf(Inet6Address.class);
                assertThat(t.tls()).isTrue();
            });
        }
    }
}
