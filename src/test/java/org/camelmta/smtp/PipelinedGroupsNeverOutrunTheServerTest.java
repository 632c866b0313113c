package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 2920 §3.1: a client that pipelines must not write so much that the server, blocked
 * writing replies nobody reads, stops reading and both wait for ever. With 1,000 recipients in
 * one transaction the client writes its commands in groups of at most
 * {@link MailTransactionRunner#GROUP_OCTETS} and reads a group's replies before the next.
 */
class PipelinedGroupsNeverOutrunTheServerTest {

    private static final int RECIPIENTS = 1_000;
    /** {@link MailTransactionRunner#GROUP_OCTETS}, written out: the promise, not whatever the constant says. */
    private static final int BOUND = 4096;
    /** A long domain (labels of 63): each RCPT command some 230 octets, 230 KB for all of them. */
    private static final String DOMAIN = ("d".repeat(63) + ".").repeat(3) + "example.com";

    /**
     * The server takes in what the client sends until the client goes quiet (it waits for
     * replies), and only then answers: each quiet spell ends a group, whose size is what the
     * client wrote without reading.
     */
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @Test
    void noGroupIsLargerThanTheBound() throws Exception {
        try (BurstServer server = new BurstServer(false)) {
            TransactionResult result = send(server);

            assertThat(result.broken()).isNull();
            assertThat(result.decided()).hasSize(RECIPIENTS).allSatisfy(r -> assertThat(r.isDelivered()).isTrue());
            assertThat(server.commandBursts).hasSizeGreaterThan(RECIPIENTS * 200 / BOUND)
                    .allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(BOUND));
        }
    }

    /**
     * A server with tiny socket buffers that writes long replies and reads nothing while a
     * reply is unwritten: a client that wrote every command before reading would fill both
     * directions and wait until the write timeout.
     */
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @Test
    void aServerThatStopsReadingWhileRepliesPileUpCannotDeadlockTheClient() throws Exception {
        try (BurstServer server = new BurstServer(true)) {
            long start = System.nanoTime();
            TransactionResult result = send(server);

            assertThat(result.broken()).isNull();
            assertThat(result.decided()).hasSize(RECIPIENTS).allSatisfy(r -> assertThat(r.isDelivered()).isTrue());
            assertThat(millisSince(start)).isLessThan(SmtpTestSupport.LONG.toMillis());
        }
    }

    private static TransactionResult send(BurstServer server) throws SmtpFailure {
        Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
        String[] recipients = IntStream.range(0, RECIPIENTS)
                .mapToObj(i -> "recipient-" + i + "@" + DOMAIN).toArray(String[]::new);
        try (SmtpSession session = SmtpSession.open(hop, null, sessionOptions(TlsPolicy.DISABLED))) {
            return session.send(tx(recipients));
        }
    }

    /**
     * Reads whatever arrives until 50 ms pass without a byte, then answers every whole line:
     * 250 (long ones, when {@code hostile}: 2,000 octets, written before anything more is read),
     * 354 to DATA, 250 to the final dot.
     */
    private static final class BurstServer implements AutoCloseable {
        final List<Integer> commandBursts = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final boolean hostile;
        private final Thread thread;

        BurstServer(boolean hostile) throws IOException {
            this.hostile = hostile;
            this.server = new ServerSocket();
            if (hostile) {
                server.setReceiveBufferSize(2048);
            }
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::serve, "burst-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        InetAddress address() {
            return server.getInetAddress();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket s = server.accept()) {
                if (hostile) {
                    s.setSendBufferSize(2048);
                }
                converse(s);
            } catch (IOException e) {
                // the client went away, or the server was closed
            }
        }

        private void converse(Socket s) throws IOException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write("220 burst ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            boolean data = false;
            boolean commandsDone = false;
            while (true) {
                int burst = 0;
                s.setSoTimeout(0);
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                pending.write(buffer, 0, n);
                burst += n;
                // In the hostile mode the server answers at once, line by line, without waiting.
                s.setSoTimeout(hostile ? 1 : 50);
                try {
                    while ((n = in.read(buffer)) > 0) {
                        pending.write(buffer, 0, n);
                        burst += n;
                    }
                    if (n < 0) {
                        return;
                    }
                } catch (SocketTimeoutException quiet) {
                    // the client waits for replies
                }
                if (!data && !commandsDone) {
                    commandBursts.add(burst);
                }
                String text = pending.toString(StandardCharsets.ISO_8859_1);
                int end = text.lastIndexOf('\n') + 1;
                pending.reset();
                pending.write(text.substring(end).getBytes(StandardCharsets.ISO_8859_1));
                for (String line : text.substring(0, end).split("\r\n")) {
                    if (data) {
                        if (line.equals(".")) {
                            data = false;
                            out.write("250 2.0.0 queued\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        continue;
                    }
                    String reply;
                    if (line.startsWith("EHLO")) {
                        reply = "250-burst\r\n250 PIPELINING";
                        commandBursts.clear(); // only the transaction's groups count
                    } else if (line.equals("DATA")) {
                        reply = "354 go ahead";
                        data = true;
                        commandsDone = true;
                    } else if (line.equals("QUIT")) {
                        reply = "221 bye";
                    } else {
                        reply = hostile ? "250 " + "o".repeat(2_000) : "250 ok";
                    }
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
