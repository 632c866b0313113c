package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.List;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server without PIPELINING gets one command per write, each after the reply to the one before. */
class WithoutPipeliningOneCommandPerWriteTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void eachCommandArrivesAlone() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("PIPELINING").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("a@example.com", "550-b@example.com",
                    "c@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(2);
            assertThat(report.permanentFailures()).singleElement()
                    .satisfies(r -> assertThat(r.reply().code()).isEqualTo(550));
            List<String> chunks = sink.connections().get(0).chunksAsText();
            assertThat(chunks).allSatisfy(c -> {
                assertThat(c).endsWith("\r\n");
                assertThat(c.indexOf("\r\n")).isEqualTo(c.length() - 2);
            });
            assertThat(chunks).filteredOn(c -> c.startsWith("RCPT TO:")).hasSize(3);
            assertThat(chunks).contains("DATA\r\n");
        }
    }
}
