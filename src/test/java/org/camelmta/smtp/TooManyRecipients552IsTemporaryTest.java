package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5321 §4.5.3.1.10: an older server says 552 (RFC 821's code) when it has no room for more
 * recipients, with or without 5.5.3; clients "SHOULD treat a 552 code in this case as a
 * temporary, rather than permanent, failure". The rest go in the next transaction.
 */
class TooManyRecipients552IsTemporaryTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"552 Too many recipients", "552 5.5.3 Too many recipients"})
    void theThirdRecipientGoesInASecondTransaction(String refusal) throws IOException {
        AtomicInteger inTransaction = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer("220 old ESMTP", line -> switch (line.split("[ :]")[0]) {
            case "EHLO" -> "250-old\n250 PIPELINING";
            case "MAIL" -> {
                inTransaction.set(0);
                yield "250 ok";
            }
            case "RCPT" -> inTransaction.incrementAndGet() <= 2 ? "250 ok" : refusal;
            case "DATA" -> "354 go ahead";
            case "QUIT" -> "221 bye";
            default -> "250 ok";
        })) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            DeliveryReport report = deliverer.deliver(plan(hop), tx("r1@example.com", "r2@example.com", "r3@example.com"),
                    options(TlsPolicy.DISABLED));

            assertThat(report.delivered()).hasSize(3);
            assertThat(server.lines().stream().filter(l -> l.startsWith("MAIL FROM"))).hasSize(2);
        }
    }
}
