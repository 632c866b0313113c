package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.List;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.SinkTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5321 §4.5.3.1.10: a server out of room for recipients answers 452 4.5.3; the rest go in
 * the next transaction on the same connection at once, not deferred to a later attempt.
 */
class RecipientLimitSplitsIntoTransactionsOnOneConnectionTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "pipelining {0}")
    @ValueSource(booleans = {true, false})
    void fiveRecipientsGoInThreeTransactions(boolean pipelining) throws IOException {
        SinkBuilder builder = SmtpSink.builder().maxRecipients(2);
        if (!pipelining) {
            builder.without("PIPELINING");
        }
        try (SmtpSink sink = builder.start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("r1@example.com", "r2@example.com",
                    "r3@example.com", "r4@example.com", "r5@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(5);
            assertThat(sink.connectionCount()).isEqualTo(1);
            assertThat(sink.delivered()).extracting(SinkTransaction::recipientAddresses).containsExactly(
                    List.of("r1@example.com", "r2@example.com"),
                    List.of("r3@example.com", "r4@example.com"),
                    List.of("r5@example.com"));
            assertThat(sink.delivered()).extracting(SinkTransaction::connectionIndex).containsOnly(0);
        }
    }
}
