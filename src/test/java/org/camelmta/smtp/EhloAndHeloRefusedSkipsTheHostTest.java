package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.countCommands;
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
import org.junit.jupiter.api.Test;

/**
 * A host that refuses both EHLO and HELO with 5xx will not talk to us at any of its addresses
 * (Postfix smtp_skip_5xx_greeting): its second address is not tried, the next host is.
 */
class EhloAndHeloRefusedSkipsTheHostTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theOtherAddressOfTheHostIsSkippedAndTheNextHostDelivers() throws IOException {
        try (SmtpSink refusing = sinkOn("127.0.0.1", SmtpSink.builder()
                        .fault(Phase.EHLO, SinkAction.reply(550, "5.7.1 go away")));
                SmtpSink sameHost = sinkOn("127.0.0.2", SmtpSink.builder());
                SmtpSink nextHost = sinkOn("127.0.0.3", SmtpSink.builder())) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx1.example.com", refusing),
                    hop("mx1.example.com", sameHost), hop("mx2.example.com", nextHost)), tx("rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).singleElement()
                    .satisfies(r -> assertThat(r.hop().host()).isEqualTo("mx2.example.com"));
            assertThat(countCommands(refusing.connections().get(0), "EHLO ")).isEqualTo(1);
            assertThat(countCommands(refusing.connections().get(0), "HELO ")).isEqualTo(1);
            assertThat(sameHost.connectionCount()).isZero();
            assertThat(nextHost.messageCount()).isEqualTo(1);
            assertThat(report.connections()).hasSize(2);
            assertThat(report.connections().get(0).phase()).isEqualTo(Phase.EHLO);
            assertThat(report.connections().get(0).failure().code()).isEqualTo(550);
        }
    }
}
