package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Clock;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.camelmta.app.MtaRuntime;
import org.camelmta.retry.RetryProcessor;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21, point 4: a delivery whose transaction does not commit after a server said 250 (here
 * a failure right after the attempt, as a crash or a bug before the commit would be) comes back
 * from the broker; the recipient the server had
 * accepted is then skipped, thanks to the delivered record, and the deferred one is still tried.
 * Without the record (the setting off) the accepted recipient gets the message twice.
 */
class RedeliveredMessageSkipsAcceptedRecipientsTest {

    @TempDir
    Path data;

    @Test
    void theAcceptedRecipientIsNotSentTheMessageAgain() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        try (Sinks sinks = Sinks.onLoopback(1); TestEngine engine = engine(sinks, true, refused)) {

            Scenario.submit(engine, "a@example.com", "ok@dest.example,451-later@dest.example", "rolled back");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(refused.get()).as("the first delivery failed after the attempt").isEqualTo(1);
                assertThat(parked(engine)).as("the deferred recipient parked after the redelivery").isTrue();
            });
            Thread.sleep(2_000);
            assertThat(deliveriesTo(sinks, "ok@dest.example")).as("the accepted recipient got it once").isEqualTo(1);
            assertThat(engine.jms().browse("mta.dlq")).isEmpty();
        }
    }

    @Test
    void withoutTheRecordTheAcceptedRecipientGetsItTwice() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1); TestEngine engine = engine(sinks, false, new AtomicInteger())) {

            Scenario.submit(engine, "a@example.com", "ok@dest.example,451-later@dest.example", "rolled back");

            await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesTo(sinks, "ok@dest.example") == 2);
        }
    }

    private TestEngine engine(Sinks sinks, boolean record, AtomicInteger failed) throws Exception {
        return TestEngine.builder(data).quickRetries().configure(failFirstAfterTheAttempt(failed))
                .set("mta.delivery.delivered-record", Boolean.toString(record))
                .set("mta.routes.dest.example", "[127.0.0.2]:" + sinks.port()).start();
    }

    /**
     * The first delivery fails right after the attempt (its outcome decided, the 250 in hand):
     * a crash, or a bug, between the server's reply and the commit. The transaction rolls back
     * and the broker hands the message out again.
     */
    private static Consumer<CamelContext> failFirstAfterTheAttempt(AtomicInteger failed) {
        return context -> {
            RetryProcessor real = context.getRegistry().lookupByNameAndType("mtaRetry", RetryProcessor.class);
            MtaRuntime rt = context.getRegistry().lookupByNameAndType("mtaRuntime", MtaRuntime.class);
            context.getRegistry().bind("mtaRetry", RetryProcessor.class, new RetryProcessor(rt.retryPolicy(),
                    rt.releaseScheduler(), rt.releaser(), Clock.systemUTC()) {
                @Override
                public void gateRecipients(Exchange exchange) {
                    real.gateRecipients(exchange);
                }

                @Override
                public void gateHosts(Exchange exchange) {
                    real.gateHosts(exchange);
                }

                @Override
                public void decide(Exchange exchange) {
                    real.decide(exchange);
                    if (failed.compareAndSet(0, 1)) {
                        throw new IllegalStateException("the engine failed after the attempt (test)");
                    }
                }

                @Override
                public void schedule(Exchange exchange) {
                    real.schedule(exchange);
                }
            });
        };
    }

    private static boolean parked(TestEngine engine) throws Exception {
        for (jakarta.jms.Message m : engine.jms().browse("mta.deferred")) {
            if ("451-later@dest.example".equals(m.getStringProperty("mtaRecipients"))) {
                return true;
            }
        }
        return false;
    }

    private static long deliveriesTo(Sinks sinks, String recipient) {
        return sinks.get(0).delivered().stream().filter(t -> t.recipientAddresses().contains(recipient)).count();
    }
}
