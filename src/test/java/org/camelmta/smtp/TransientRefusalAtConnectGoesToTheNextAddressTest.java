package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.sinkOn;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 421 at the greeting or to EHLO is about that address, for now: the next address of the same host is tried. */
class TransientRefusalAtConnectGoesToTheNextAddressTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "421 at {0}")
    @EnumSource(value = Phase.class, names = {"GREETING", "EHLO"})
    void theNextAddressDelivers(Phase phase) throws IOException {
        try (SmtpSink busy = sinkOn("127.0.0.1", SmtpSink.builder()
                        .fault(phase, SinkAction.reply(421, "4.3.2 too busy, try later")));
                SmtpSink other = sinkOn("127.0.0.2", SmtpSink.builder())) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx1.example.com", busy), hop("mx1.example.com", other)),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).singleElement()
                    .satisfies(r -> assertThat(r.hop().address()).isEqualTo(other.address()));
            assertThat(busy.connectionCount()).isEqualTo(1);
            assertThat(report.connections()).hasSize(2);
            assertThat(report.connections().get(0).phase()).isEqualTo(phase);
            assertThat(report.connections().get(0).failure().code()).isEqualTo(421);
        }
    }
}
