package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.txOf;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * To a server that advertises SIZE, MAIL carries SIZE=n, n being the message as the server will
 * count it (RFC 1870 §3: CRLF line ends, without dot-stuffing or the final dot), whatever line
 * ends the submitted message had.
 */
class SizeParameterIsTheWireSizeTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"crlf", "lf", "cr", "no final line end", "leading dots"})
    void sizeEqualsWhatTheServerReceives(String kind) throws IOException {
        String content = switch (kind) {
            case "crlf" -> "Subject: s\r\n\r\nbody\r\n";
            case "lf" -> "Subject: s\n\nbody\nmore\n";
            case "cr" -> "Subject: s\r\rbody\r";
            case "no final line end" -> "Subject: s\r\n\r\nbody";
            default -> "Subject: s\r\n\r\n.one\r\n..two\r\n.\r\n";
        };
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), txOf(content, "rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.delivered()).singleElement().satisfies(t ->
                    assertThat(t.mailParams()).containsEntry("SIZE", Long.toString(t.size())));
        }
    }
}
