package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.SENDER;
import static org.camelmta.smtp.SmtpTestSupport.addresses;
import static org.camelmta.smtp.SmtpTestSupport.countCommands;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.message;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SinkFault;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.submit.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5321 §3.2: a server that does not know EHLO (500, 502) gets HELO, and then no ESMTP
 * parameter at all, not even those the message asks for (DSN). The sink refuses any parameter
 * after HELO with 555, so a parameter sent would also fail the delivery.
 */
class EhloRefusedFallsBackToHeloTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "EHLO answered {0}")
    @ValueSource(ints = {500, 502})
    void heloIsUsedAndNoParameterIsSent(int code) throws IOException {
        try (SmtpSink sink = SmtpSink.builder()
                .fault(SinkFault.at(Phase.EHLO, SinkAction.reply(code, "5.5.2 Error: command not recognized")).times(1))
                .start()) {
            List<MailAddress> recipients = addresses("rcpt@example.com");
            MailTransaction tx = new MailTransaction(SENDER, recipients, message(SmtpTestSupport.SIMPLE),
                    List.of("RET=HDRS", "ENVID=abc123"), Map.of(recipients.get(0), List.of("NOTIFY=FAILURE")));

            DeliveryReport report = deliverer.deliver(plan(sink), tx, options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            SinkConnection connection = sink.connections().get(0);
            assertThat(countCommands(connection, "EHLO ")).isEqualTo(1);
            assertThat(countCommands(connection, "HELO " + SmtpTestSupport.EHLO_NAME)).isEqualTo(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.mailParams()).isEmpty();
                assertThat(t.recipients().get(0).params()).isEmpty();
            });
            assertThat(SmtpTestSupport.wire(connection)).contains("MAIL FROM:<sender@example.org>\r\n")
                    .contains("RCPT TO:<rcpt@example.com>\r\n");
        }
    }
}
