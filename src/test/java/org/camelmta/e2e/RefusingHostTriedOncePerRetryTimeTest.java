package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camelmta.support.Mail;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 messages for a host that hangs up on every connection: the work grows with retry times,
 * not with messages. After the first wave (at most one attempt per delivery thread, before the
 * first failure is recorded), each retry time costs one connection: a single probe message is
 * released, and the other messages stay parked until a probe gets through.
 */
class RefusingHostTriedOncePerRetryTimeTest {

    @TempDir
    Path data;

    @Test
    void oneConnectionPerRetryTimeHoweverManyMessagesWait() throws Exception {
        List<Long> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.add(System.nanoTime()); // and hang up at once: "lost connection" at the greeting
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hang-up-server");
            acceptor.setDaemon(true);
            acceptor.start();
            try (TestEngine engine = TestEngine.builder(data).set("mta.routes.example.net", "[127.0.0.2]:" + server.getLocalPort())
                    .set("mta.retry.rules", "* * F,1h,2s").set("mta.delivery.consumers", "4").start()) {
                for (int i = 0; i < 200; i++) {
                    engine.jms().send("mta.submit", Mail.simple("a@example.com", "r@example.net", "m" + i, "x\r\n"),
                            Map.of("mtaSender", "a@example.com", "mtaRecipients", "r" + i + "@example.net"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.jms().browse("mta.deferred").size() == 200);
                // Counted by when they came, not by when the test looked: on a loaded machine the
                // deferrals can take longer than a retry time, and the first probes must not be
                // taken for part of the first wave. Retry times are whole seconds (as in Exim's
                // hints), so the first probe may come just over a second after the first failure.
                long t0 = accepted.get(0);
                long waveEnd = t0 + Duration.ofMillis(900).toNanos();
                long firstWave = accepted.stream().filter(t -> t < waveEnd).count();
                assertThat(firstWave).as("connections before the first failure was known").isBetween(1L, 4L);

                // Let about four retry times pass after the first wave.
                long windowEnd = t0 + Duration.ofMillis(9_500).toNanos();
                Thread.sleep(Math.max(0, Duration.ofNanos(windowEnd - System.nanoTime()).toMillis()) + 100);
                long retries = accepted.stream().filter(t -> t >= waveEnd && t < windowEnd).count();
                assertThat(retries).as("connections in ~4 retry periods of 2s").isBetween(2L, 6L);
                assertThat(engine.jms().browse("mta.deferred")).hasSize(200);
            }
            server.close();
        }
    }
}
