package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.time.Duration;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cached session whose server timed it out (421 4.4.2, then close) is recognised as dead when
 * it is taken for reuse, from the 421 waiting unread: the next message goes on a new
 * connection, and no failed attempt is recorded against the host.
 */
class ServerIdleTimeoutIsNoticedBeforeReuseTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theNextMessageGoesOnAFreshConnection() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMillis(200)).start()) {
            assertThat(deliverer.deliver(plan(sink), tx("a@example.com"), options(TlsPolicy.OPPORTUNISTIC))
                    .delivered()).hasSize(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(0).isOpen());

            DeliveryReport second = deliverer.deliver(plan(sink), tx("b@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(second.delivered()).hasSize(1);
            assertThat(second.connections()).singleElement().satisfies(c -> {
                assertThat(c.isFailure()).isFalse();
                assertThat(c.reused()).isFalse();
            });
            assertThat(sink.connectionCount()).isEqualTo(2);
            assertThat(SmtpTestSupport.countCommands(sink.connections().get(0), "RSET")).isZero();
        }
    }
}
