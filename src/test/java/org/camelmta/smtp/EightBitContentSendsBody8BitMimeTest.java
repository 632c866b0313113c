package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.txOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 8-bit content to an 8BITMIME server goes with BODY=8BITMIME, bytes untouched; 7-bit content without it. */
class EightBitContentSendsBody8BitMimeTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void body8BitMimeIsDeclaredAndTheBytesArrive() throws IOException {
        String content = "Subject: caf\u00e9\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nD\u00e9j\u00e0 vu.\r\n";
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), txOf(content, "rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.mailParams()).containsEntry("BODY", "8BITMIME");
                assertThat(t.content()).isEqualTo(content.getBytes(StandardCharsets.UTF_8));
            });
        }
    }

    @Test
    void sevenBitContentDeclaresNoBody() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(sink.delivered()).singleElement()
                    .satisfies(t -> assertThat(t.mailParams()).doesNotContainKey("BODY"));
        }
    }
}
