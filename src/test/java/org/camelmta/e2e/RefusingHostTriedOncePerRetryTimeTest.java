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
                int firstWave = accepted.size();
                assertThat(firstWave).isBetween(1, 4);

                // Let about four retry times pass.
                Thread.sleep(8_500);
                int retries = accepted.size() - firstWave;
                assertThat(retries).as("connections in ~4 retry periods of 2s").isBetween(2, 6);
                assertThat(engine.jms().browse("mta.deferred")).hasSize(200);
            }
            server.close();
        }
    }
}
