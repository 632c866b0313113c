package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.txOf;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6531 §3.4 and RFC 6532: UTF-8 in the header section (a raw UTF-8 Subject or display
 * name) may go only to a server that agreed to SMTPUTF8. Where it is offered, MAIL carries the
 * SMTPUTF8 parameter even though every address is ASCII; where it is not, the transaction fails
 * 554 5.6.9 (RFC 6531 §3.5) before MAIL, and no raw 8-bit header is ever sent. An 8-bit body
 * under ASCII headers needs only BODY=8BITMIME.
 */
class Utf8HeadersGoOnlyToSmtpUtf8ServersTest {

    private static final String UTF8_SUBJECT = "From: J\u00f6rg <sender@example.org>\r\nTo: rcpt@example.com\r\n"
            + "Subject: Gr\u00fc\u00dfe\r\n\r\nHello.\r\n";

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void utf8HeadersAreSentWithSmtpUtf8WhereOffered() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), txOf(UTF8_SUBJECT, "rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients().get(0).isDelivered()).isTrue();
            assertThat(sink.delivered().get(0).mailParams()).containsKey("SMTPUTF8").containsEntry("BODY", "8BITMIME");
        }
    }

    @Test
    void utf8HeadersToAServerWithoutSmtpUtf8FailWithoutSending() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("SMTPUTF8").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), txOf(UTF8_SUBJECT, "rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isPermanentFailure()).isTrue();
            assertThat(result.reply().code()).isEqualTo(554);
            assertThat(result.reply().enhancedStatus()).isEqualTo("5.6.9");
            assertThat(wire(sink)).doesNotContain("MAIL FROM").doesNotContain("DATA");
        }
    }

    @Test
    void anEightBitBodyUnderAsciiHeadersNeedsOnly8BitMime() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("SMTPUTF8").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink),
                    txOf("From: sender@example.org\r\nSubject: body\r\n\r\nGr\u00fc\u00dfe\r\n", "rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.recipients().get(0).isDelivered()).isTrue();
            assertThat(sink.delivered().get(0).mailParams()).doesNotContainKey("SMTPUTF8")
                    .containsEntry("BODY", "8BITMIME");
        }
    }
}
