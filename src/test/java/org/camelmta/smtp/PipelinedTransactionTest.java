package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.List;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With PIPELINING, MAIL, every RCPT and DATA leave in one write (the sink reads them in one
 * chunk), and every reply in the batch is still read and given to its own recipient: accepted,
 * refused for good, refused for now.
 */
class PipelinedTransactionTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void oneWriteCarriesTheBatchAndEachRecipientGetsItsOwnReply() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("ok1@example.com", "550-gone@example.com",
                    "451-later@example.com", "ok2@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            SinkConnection connection = sink.connections().get(0);
            List<String> batches = connection.chunksAsText().stream().filter(c -> c.contains("MAIL FROM")).toList();
            assertThat(batches).singleElement().satisfies(batch -> {
                assertThat(batch).startsWith("MAIL FROM:<sender@example.org>");
                assertThat(batch.split("RCPT TO:", -1)).hasSize(5);
                assertThat(batch).endsWith("\r\nDATA\r\n");
            });

            List<RecipientResult> results = report.recipients();
            assertThat(results).extracting(r -> r.recipient().localPart())
                    .containsExactly("ok1", "550-gone", "451-later", "ok2");
            assertThat(results.get(0).isDelivered()).isTrue();
            assertThat(results.get(3).isDelivered()).isTrue();
            assertThat(results.get(0).reply().code()).isEqualTo(250);

            assertThat(results.get(1).isPermanentFailure()).isTrue();
            assertThat(results.get(1).phase()).isEqualTo(Phase.RCPT);
            assertThat(results.get(1).reply().code()).isEqualTo(550);
            assertThat(results.get(1).reply().enhancedStatus()).isEqualTo("5.1.1");

            assertThat(results.get(2).isTransientFailure()).isTrue();
            assertThat(results.get(2).phase()).isEqualTo(Phase.RCPT);
            assertThat(results.get(2).reply().code()).isEqualTo(451);
            assertThat(results.get(2).reply().enhancedStatus()).isEqualTo("4.3.0");

            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.recipientAddresses())
                    .containsExactly("ok1@example.com", "ok2@example.com"));
            assertThat(results).allSatisfy(r -> assertThat(r.hop().port()).isEqualTo(sink.port()));
        }
    }
}
