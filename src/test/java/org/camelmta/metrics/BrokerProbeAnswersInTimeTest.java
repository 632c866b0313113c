package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import jakarta.jms.ConnectionFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker that takes connections and never answers (a hung broker, or a network that drops
 * everything after the handshake) must make the readiness check say so within its deadline,
 * not leave it hanging in the client library's failover handling.
 */
class BrokerProbeAnswersInTimeTest {

    /**
     * The client library itself can hold a call far longer than its call timeout (a connection
     * cut mid-probe kept Artemis' failover handling busy for several timeouts in a row); here a
     * connection factory that never returns stands for that. The check still answers, and does
     * not pile up a second stuck probe behind the first.
     */
    @Test
    @Timeout(30)
    void aProbeStuckInTheClientLibraryIsReportedDownWithinTheDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        ConnectionFactory stuck = (ConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConnectionFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("createConnection")) {
                        attempts.incrementAndGet();
                        never.await(1, TimeUnit.HOURS);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Duration timeout = Duration.ofMillis(300);
        try (BrokerWatch watch = new BrokerWatch(stuck, timeout, Clock.systemUTC())) {
            for (int round = 0; round < 3; round++) {
                assertThat(downWithin(watch, Duration.ofSeconds(5)))
                        .isEqualTo("cannot connect to the broker: no answer within 600ms");
            }
            assertThat(attempts).hasValue(1);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aBrokerThatNeverAnswersIsReportedDownWithinTheDeadline() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, never read or answered
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
            Duration timeout = Duration.ofMillis(300);
            String url = "tcp://127.0.0.1:" + silent.getLocalPort();
            try (BrokerWatch watch = new BrokerWatch(BrokerWatch.failFast(url, null, null, timeout), timeout,
                    Clock.systemUTC())) {
                for (int round = 0; round < 3; round++) {
                    assertThat(downWithin(watch, Duration.ofSeconds(2))).startsWith("cannot connect to the broker");
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** Probes once; the check must say the broker is down, within {@code limit}. Returns why. */
    private static String downWithin(BrokerWatch watch, Duration limit) {
        long start = System.nanoTime();
        CheckResult result = watch.probe();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
        assertThat(result.up()).isFalse();
        return result.detail();
    }
}
