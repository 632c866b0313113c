package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.stream.IntStream;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.SinkTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message for 250 recipients goes out in transactions of at most 100 (RFC 5321 §4.5.3.1.8's
 * minimum a server must accept; {@code mta.outbound.limits.rcpt-per-transaction}), one after
 * another on the same connection, even to a server that would take them all at once.
 */
class RecipientsPerTransactionAreCappedTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void twoHundredFiftyRecipientsGoInThreeTransactionsOnOneConnection() throws IOException {
        String[] recipients = IntStream.range(0, 250).mapToObj(i -> "r" + i + "@example.com").toArray(String[]::new);
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx(recipients), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(250);
            assertThat(sink.connectionCount()).isEqualTo(1);
            assertThat(sink.delivered()).extracting(t -> t.recipientAddresses().size()).containsExactly(100, 100, 50);
            assertThat(sink.delivered()).extracting(SinkTransaction::connectionIndex).containsOnly(0);
            assertThat(sink.delivered().get(2).recipientAddresses()).startsWith("r200@example.com");
        }
    }
}
