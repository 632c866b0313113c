package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.DeliveryFixtures.deliverer;
import static org.camelmta.smtp.DeliveryFixtures.hop;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.message;
import static org.camelmta.smtp.DeliveryFixtures.options;
import static org.camelmta.smtp.DeliveryFixtures.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 100 messages to one domain from 4 delivery threads at once: the connection cache makes them
 * share a few connections, counted at the server, and the cap on messages per connection
 * spreads them over about a tenth as many connections as messages when the cap is 10.
 */
class ManyMessagesShareFewConnectionsTest {

    private static final int MESSAGES = 100;
    private static final int THREADS = 4;

    private SmtpSink sink;
    private SmtpDeliverer deliverer;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @BeforeEach
    void start() throws Exception {
        sink = SmtpSink.builder().start();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (deliverer != null) {
            deliverer.cache().close();
        }
        sink.close();
    }

    @Test
    void hundredMessagesFromFourThreadsUseAtMostFourConnections() throws Exception {
        deliverer = deliverer(limits(100, Duration.ofMinutes(5), 1000, Duration.ofMinutes(5)));

        List<DeliveryReport> reports = deliverAll();

        assertThat(reports).allSatisfy(r -> assertThat(r.delivered()).hasSize(1));
        assertThat(sink.messageCount()).isEqualTo(MESSAGES);
        assertThat(sink.connectionCount()).isBetween(1L, (long) THREADS);
        ConnectionCache.Stats stats = deliverer.cache().stats();
        assertThat(stats.misses()).isEqualTo(sink.connectionCount());
        assertThat(stats.hits()).isEqualTo(MESSAGES - sink.connectionCount());
        assertThat(stats.evictions()).isZero();
    }

    @Test
    void capOfTenMessagesPerConnectionSpreadsThemOverAboutTenConnections() throws Exception {
        deliverer = deliverer(limits(100, Duration.ofMinutes(5), 10, Duration.ofMinutes(5)));

        deliverAll();

        assertThat(sink.messageCount()).isEqualTo(MESSAGES);
        List<SinkConnection> connections = sink.connections();
        assertThat(connections).allSatisfy(c -> assertThat(c.transactions()).hasSizeBetween(1, 10));
        // Full connections are closed at ten; at most one per thread is left part-full and open.
        long full = connections.stream().filter(c -> c.transactions().size() == 10).count();
        assertThat(full).isGreaterThanOrEqualTo(MESSAGES / 10 - THREADS + 1);
        assertThat(connections).hasSizeBetween(MESSAGES / 10, MESSAGES / 10 + THREADS - 1);
        assertThat(connections.stream().filter(c -> c.transactions().size() < 10)).allMatch(SinkConnection::isOpen);
        assertThat(deliverer.cache().stats().evictions()).isEqualTo(full);
    }

    private List<DeliveryReport> deliverAll() throws Exception {
        ConnectionPlan plan = plan(hop(sink));
        List<Future<List<DeliveryReport>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<DeliveryReport> mine = new ArrayList<>();
                for (int m = 0; m < MESSAGES / THREADS; m++) {
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
}
