package org.camelmta.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the engine and the sink that can stop a message in the middle of its
 * DATA: with {@link #holdMidData} on, a connection forwards the DATA command and the first
 * {@value #BODY_OCTETS_PASSED} octets of the message body, then stops reading from the engine.
 * The sink has a transaction half received and the engine is inside its SMTP transaction (and
 * its JMS one), waiting: the moment the crash test kills it. {@link #releaseHeld()} then cuts
 * the held connections, and the sink sees the transaction abandoned before its final dot.
 *
 * <p>The SmtpSink decides at phase boundaries only (DATA before the 354, DATA_END after the
 * last octet), so the middle of the body needs something on the wire.
 */
final class HoldingProxy implements AutoCloseable {

    /** Octets of the body let through before a held connection stops. */
    static final int BODY_OCTETS_PASSED = 40;
    private static final long HOLD_LIMIT_SECONDS = 300;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private final Object release = new Object();
    private volatile boolean holding;
    private volatile boolean releasing;
    private volatile boolean closed;

    private HoldingProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        Thread acceptor = new Thread(this::acceptLoop, "holding-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay on 127.0.0.1 and a free port to {@code target}. */
    static HoldingProxy start(InetSocketAddress target) throws IOException {
        ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        return new HoldingProxy(server, target);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, every message whose body starts is held in the middle. */
    void holdMidData(boolean on) {
        releasing = false;
        holding = on;
    }

    /** How many connections are held mid-DATA right now. */
    int held() {
        return held.get();
    }

    /** Stops holding and cuts every held connection (both sides). */
    void releaseHeld() {
        holding = false;
        synchronized (release) {
            releasing = true;
            release.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        releaseHeld();
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                start(() -> engineToSink(client, upstream), "proxy-up");
                start(() -> pump(upstream, client), "proxy-down");
            } catch (IOException e) {
                if (!closed) {
                    continue; // the sink refused one connection: the engine sees it closed
                }
                return;
            }
        }
    }

    private static void start(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** Forwards what the engine writes, watching for DATA and the end of the body. */
    private void engineToSink(Socket client, Socket upstream) {
        DataWatch watch = new DataWatch();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = client.getInputStream()) {
            OutputStream out = upstream.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                int cut = holding ? watch.holdPoint(buffer, n) : watch.scan(buffer, n);
                out.write(buffer, 0, cut);
                out.flush();
                if (cut < n) {
                    hold();
                    return;
                }
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void hold() {
        held.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_LIMIT_SECONDS);
        synchronized (release) {
            while (!releasing && !closed && System.nanoTime() < deadline) {
                try {
                    release.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        held.decrementAndGet();
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /**
     * Follows the client's side of the dialogue byte by byte: command lines until a line that
     * is DATA, then the body until CRLF "." CRLF. (The body only follows the 354, so octets after
     * the DATA line are body even when the commands came pipelined.)
     */
    static final class DataWatch {
        private boolean inBody;
        private int bodyOctets;
        private final StringBuilder line = new StringBuilder();
        private long tail; // the last octets of the body, for the end-of-data mark

        /** Scans a chunk; returns its length (everything is forwarded). */
        int scan(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                step(b[i]);
            }
            return n;
        }

        /** Scans a chunk up to the octet where a hold begins; returns how many octets to forward. */
        int holdPoint(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                if (inBody && bodyOctets == BODY_OCTETS_PASSED) {
                    return i;
                }
                step(b[i]);
            }
            return n;
        }

        private void step(byte b) {
            if (inBody) {
                bodyOctets++;
                tail = (tail << 8) | (b & 0xff);
                // CR LF "." CR LF, or a body that is only "." CR LF
                if ((tail & 0xFFFFFFFFFFL) == 0x0D0A2E0D0AL || (bodyOctets == 3 && (tail & 0xFFFFFF) == 0x2E0D0A)) {
                    inBody = false;
                    line.setLength(0);
                }
                return;
            }
            if (b == '\n') {
                String command = line.toString().strip();
                line.setLength(0);
                if (command.equalsIgnoreCase("DATA")) {
                    inBody = true;
                    bodyOctets = 0;
                    tail = 0;
                }
            } else if (line.length() < 16) {
                line.append((char) (b & 0xff));
            }
        }
    }
}
