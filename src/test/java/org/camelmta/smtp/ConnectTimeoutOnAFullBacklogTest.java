package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.Test;

/**
 * A listener that never accepts, its accept queue full: the kernel drops further SYNs, so a
 * connect hangs as it would towards a host behind a silent firewall. The connect timeout, and
 * no other, ends it.
 */
class ConnectTimeoutOnAFullBacklogTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void aConnectThatHangsTimesOutAfterTheConnectTimeout() throws IOException {
        List<Socket> queued = new ArrayList<>();
        SmtpDeliverer deliverer = deliverer();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(fillAcceptQueue(listener, queued)).as("the accept queue filled up").isTrue();
            Hop hop = new Hop("mx.example.com", 10, listener.getInetAddress(), listener.getLocalPort(), true);

            long start = System.nanoTime();
            DeliveryReport report = deliverer.deliver(plan(hop), tx("rcpt@example.com"),
                    options(shortAt(Phase.CONNECT, SHORT), TlsPolicy.OPPORTUNISTIC));
            long elapsed = millisSince(start);

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(Phase.CONNECT);
            assertThat(result.cause()).isEqualTo(Cause.TIMEOUT);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("connect to " + hop).contains("timed out");
            assertThat(elapsed).isBetween(SHORT.toMillis(), SHORT.toMillis() + 1_500);
        } finally {
            deliverer.cache().close();
            for (Socket s : queued) {
                s.close();
            }
        }
    }

    /** Connects until a connect times out (Linux queues backlog + 1); bounded to ten tries. */
    private static boolean fillAcceptQueue(ServerSocket listener, List<Socket> queued) throws IOException {
        for (int i = 0; i < 10; i++) {
            Socket s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 200);
                queued.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return true;
            }
        }
        return false;
    }
}
