package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.txOf;

import java.io.IOException;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Messages built to end early at a receiver that reads line ends loosely (SMTP smuggling:
 * {@code \n.\r\n}, {@code \r.\r}, {@code \n.\n}), a line of only ".", leading dots: sent through
 * a real session, each arrives as ONE message whose content is the original with every line end
 * made CRLF, and the smuggled commands stay content.
 */
class DotStuffingAndBareLineEndsSurviveTheWireTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Subject: a\r\n\r\nbefore\n.\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nafter\r\n",
            "Subject: a\r\n\r\nbefore\r.\rMAIL FROM:<evil@example.org>\rafter\r",
            "Subject: a\r\n\r\nbefore\n.\nMAIL FROM:<evil@example.org>\nafter\n",
            "Subject: a\r\n\r\nbefore\r\n.\r\nafter\r\n",
            "Subject: a\r\n\r\n.leading\r\n..two\r\n...three\r\n.\r\n",
            "Subject: a\r\n\r\nends with a dot line\r\n.",
            "Subject: a\r\n\r\nmixed\r\r\n.\n\r.\r\n\n.",
            ".",
    })
    void oneMessageArrivesWithItsContentIntact(String content) throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            SmtpSession session = SmtpSession.open(hop("mx.example.com", sink), null,
                    sessionOptions(TlsPolicy.DISABLED));
            try {
                TransactionResult result = session.send(txOf(content, "rcpt@example.com"));
                assertThat(result.decided()).singleElement().satisfies(r -> assertThat(r.isDelivered()).isTrue());
            } finally {
                session.quit();
            }

            assertThat(sink.transactions()).singleElement().satisfies(t -> {
                assertThat(t.delivered()).isTrue();
                assertThat(t.mailFrom()).isEqualTo("sender@example.org");
                assertThat(t.recipientAddresses()).containsExactly("rcpt@example.com");
                assertThat(t.contentAsString()).isEqualTo(crlf(content));
            });
        }
    }

    /** The content with every CRLF, bare CR and bare LF made CRLF, and a CRLF at the end. */
    private static String crlf(String s) {
        String lines = s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return lines.endsWith("\r\n") ? lines : lines + "\r\n";
    }
}
