package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camelmta.smtp.DeliveryFixtures.hop;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.message;
import static org.camelmta.smtp.DeliveryFixtures.options;
import static org.camelmta.smtp.DeliveryFixtures.plan;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkContext;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cap on concurrent connections to one destination address: six threads sending to a
 * slow server never have more than two connections open to it at once (counted by the server,
 * from greeting to QUIT), with or without the connection cache, and a slot comes free when its
 * session closes. With the cache, a delivery waiting for a slot takes a session another one
 * just gave back instead of waiting for a connection to close.
 */
class DestinationConcurrencyCapTest {

    private static final int CAP = 2;
    private static final int THREADS = 6;
    private static final int PER_THREAD = 5;

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private SmtpSink sink;
    private SmtpDeliverer deliverer;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (deliverer != null) {
            deliverer.cache().close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void withoutCachingEveryClosedConnectionFreesItsSlot() throws Exception {
        start(0);

        List<DeliveryReport> reports = deliverAll();

        assertThat(reports).allSatisfy(r -> assertThat(r.delivered()).hasSize(1));
        assertThat(sink.connectionCount()).isEqualTo(THREADS * PER_THREAD);
        assertThat(mostOpen.get()).isEqualTo(CAP);
        await().atMost(Duration.ofSeconds(5)).until(() -> deliverer.limiter().open().isEmpty());
    }

    @Test
    void withCachingWaitingDeliveriesTakeSessionsGivenBack() throws Exception {
        start(100);

        List<DeliveryReport> reports = deliverAll();

        assertThat(reports).allSatisfy(r -> {
            assertThat(r.delivered()).hasSize(1);
            assertThat(r.connections()).noneMatch(ConnectionAttempt::isFailure);
        });
        assertThat(sink.connectionCount()).isEqualTo(CAP);
        assertThat(mostOpen.get()).isEqualTo(CAP);
        assertThat(deliverer.limiter().open()).containsValue(CAP);

        deliverer.cache().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> deliverer.limiter().open().isEmpty());
    }

    private void start(int cacheSize) throws Exception {
        sink = SmtpSink.builder().behaviour(this::countOpen).start();
        // A short slot wait: a delivery that waited in vain would fail the test with 451 4.4.5.
        deliverer = new SmtpDeliverer(
                new ConnectionCache(limits(cacheSize, Duration.ofMinutes(5), 1000, Duration.ofMinutes(5)), Clock.systemUTC()),
                new DestinationLimiter(CAP), Duration.ofSeconds(5));
    }

    private SinkAction countOpen(SinkContext context) {
        switch (context.phase()) {
            case GREETING -> mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            case QUIT -> open.decrementAndGet(); // before 221: the client frees its slot only after reading it
            case DATA_END -> pause(30); // a slow server, so deliveries overlap
            default -> {
            }
        }
        return SinkAction.proceed();
    }

    private List<DeliveryReport> deliverAll() throws Exception {
        ConnectionPlan plan = plan(hop(sink));
        List<Future<List<DeliveryReport>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<DeliveryReport> mine = new ArrayList<>();
                for (int m = 0; m < PER_THREAD; m++) {
                    mine.add(deliverer.deliver(plan, message("t" + thread + "m" + m),
                            options(ReconnectStrategy.CONNECT_NEXT_HOST)));
                }
                return mine;
            }));
        }
        List<DeliveryReport> all = new ArrayList<>();
        for (Future<List<DeliveryReport>> f : futures) {
            all.addAll(f.get(30, TimeUnit.SECONDS));
        }
        return all;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
