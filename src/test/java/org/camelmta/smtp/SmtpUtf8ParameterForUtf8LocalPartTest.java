package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A UTF-8 local part goes to an SMTPUTF8 server with the SMTPUTF8 parameter, the address as UTF-8. */
class SmtpUtf8ParameterForUtf8LocalPartTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void smtpUtf8IsDeclared() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("j\u00f6rg@example.com", "plain@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(2);
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.mailParams()).containsKey("SMTPUTF8");
                assertThat(t.recipientAddresses()).containsExactly("j\u00f6rg@example.com", "plain@example.com");
            });
        }
    }

    @Test
    void asciiAddressesDoNotDeclareIt() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            deliverer.deliver(plan(sink), tx("plain@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(sink.delivered()).singleElement()
                    .satisfies(t -> assertThat(t.mailParams()).doesNotContainKey("SMTPUTF8"));
        }
    }
}
