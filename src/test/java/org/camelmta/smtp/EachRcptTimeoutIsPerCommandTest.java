package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.allTimeouts;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.time.Duration;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every timeout is 400 ms and each RCPT is answered after 150 ms: eight recipients take well
 * over any single timeout, and still all are delivered, because a timeout covers one command.
 */
class EachRcptTimeoutIsPerCommandTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final long DELAY_MILLIS = 150;

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void manySlowRecipientsEachWithinTheTimeoutAreAllDelivered() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("PIPELINING").behaviour(context -> {
            if (context.phase() == Phase.RCPT) {
                sleep(DELAY_MILLIS);
            }
            return SinkAction.proceed();
        }).start()) {
            String[] recipients = new String[8];
            for (int i = 0; i < recipients.length; i++) {
                recipients[i] = "r" + i + "@example.com";
            }
            long start = System.nanoTime();
            DeliveryReport report = deliverer.deliver(plan(sink), tx(recipients),
                    options(allTimeouts(TIMEOUT), TlsPolicy.OPPORTUNISTIC));

            assertThat(millisSince(start)).isGreaterThan(recipients.length * DELAY_MILLIS);
            assertThat(report.delivered()).hasSize(recipients.length);
            assertThat(sink.delivered()).singleElement()
                    .satisfies(t -> assertThat(t.recipientAddresses()).containsExactly(recipients));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
