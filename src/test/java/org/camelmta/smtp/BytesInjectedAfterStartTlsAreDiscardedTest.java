package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.Test;

/**
 * Replies injected in clear right behind the 220 to STARTTLS (a man in the middle's trick, the
 * client side of CVE-2011-0411) are dropped: none is read as the answer to anything sent
 * inside TLS.
 */
class BytesInjectedAfterStartTlsAreDiscardedTest {

    @Test
    void injectedRepliesAreNeverTakenAsAnswers() throws IOException {
        byte[] inject = "554 5.7.1 injected refusal\r\n250 2.0.0 injected ok\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).injectAfterStartTlsReply(inject).start()) {
            SmtpSession session = SmtpSession.open(hop("mx.example.com", sink), null,
                    sessionOptions(TlsPolicy.OPPORTUNISTIC));
            try {
                assertThat(session.isTls()).isTrue();
                assertThat(session.capabilities().esmtp()).as("the EHLO answer is the real one").isTrue();
                assertThat(session.capabilities().pipelining()).isTrue();

                TransactionResult result = session.send(tx("a@example.com", "b@example.com"));

                assertThat(result.decided()).hasSize(2).allSatisfy(r -> {
                    assertThat(r.isDelivered()).isTrue();
                    assertThat(r.reply().text()).doesNotContain("injected");
                });
            } finally {
                session.quit();
            }
            assertThat(sink.connectionCount()).isEqualTo(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
        }
    }
}
