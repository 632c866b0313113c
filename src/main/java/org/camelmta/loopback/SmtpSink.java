package org.camelmta.loopback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server in the same process that takes mail and keeps or counts it: the operator's
 * smtp-sink (as Postfix's {@code smtp-sink}), the benchmark's receiving end, and the
 * misbehaving receiving MX of the delivery-fault tests.
 *
 * <p>It speaks the server side of RFC 5321 over real sockets: EHLO/HELO, MAIL with SIZE, BODY,
 * SMTPUTF8, RET, ENVID and AUTH parameters, RCPT with NOTIFY and ORCPT, DATA with dot-unstuffing
 * (the message is kept byte for byte, line ends as received), RSET, NOOP, VRFY, HELP, QUIT,
 * STARTTLS (RFC 3207, when given an {@link javax.net.ssl.SSLContext}) and AUTH PLAIN/LOGIN (when
 * given credentials, only inside TLS). Out-of-sequence commands get 503 5.5.1, unknown ones
 * 500 5.5.2, bad arguments 501; command lines are limited to 1000 octets, message lines are not
 * but lines over 998 octets are flagged in the {@link SinkTransaction}.
 *
 * <h2>Why it is written by hand</h2>
 * SubEthaSMTP (a test dependency) is a good SMTP server, but the tests need byte-level control
 * that it does not expose: stall or close at any phase, 421 and close, bytes injected in the
 * same write as the STARTTLS reply, the raw chunks each {@code read()} returned (to see whether
 * a client pipelined), dot-unstuffing that keeps every byte. This class is that control.
 *
 * <h2>What it does, and how a test changes it</h2>
 * At each phase (GREETING, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, DATA_END, RSET, QUIT) the
 * sink asks, in order: the scripted {@link SinkFault faults}, the test's {@link SinkBehaviour},
 * then its defaults keyed by the recipient's local part:
 *
 * <table>
 *   <caption>Recipient local parts</caption>
 *   <tr><th>local part</th><th>effect</th></tr>
 *   <tr><td>{@code NNN-…} (NNN a 4xx or 5xx code)</td><td>RCPT answered NNN with a fitting
 *       enhanced status: 450 4.2.1, 451 4.3.0, 452 4.2.2, 550 5.1.1, 551 5.1.6, 552 5.2.2,
 *       553 5.1.3, 554 5.7.1, others N.0.0; {@code 421-…} answers 421 4.3.2 and closes</td></tr>
 *   <tr><td>{@code data-NNN-…}</td><td>RCPT accepted; the reply to the final dot is NNN
 *       (451 4.3.0, 452 4.3.1, 550 5.7.1, 552 5.3.4, 554 5.7.1, …; 421 also closes), decided by
 *       the first such accepted recipient</td></tr>
 *   <tr><td>{@code stall-rcpt-…}, {@code stall-data-…}, {@code stall-dot-…}</td><td>no reply
 *       to that RCPT, to DATA (no 354), or to the final dot; the sink reads and discards until
 *       the client or {@link #close()} ends the connection</td></tr>
 *   <tr><td>{@code close-rcpt-…}, {@code close-data-…}, {@code close-dot-…}</td><td>the
 *       connection is closed without a reply at that point</td></tr>
 *   <tr><td>anything else</td><td>250 2.1.5, and 250 2.0.0 after the final dot</td></tr>
 * </table>
 *
 * Then come the limits: {@code closeAfterMessages} (421 4.7.0 on the next MAIL, then close),
 * {@code maxMessageSize} (552 5.3.4 for MAIL's SIZE or for the data), {@code maxRecipients}
 * (452 4.5.3).
 *
 * <h2>Threads and records</h2>
 * One accept thread and one platform thread per connection, all daemon threads named
 * {@code smtp-sink-<port>-…}; {@link #close()} stops them all. Replies are flushed only when
 * the sink would otherwise wait for input, so pipelined commands get their replies in one
 * write. Connections and transactions are recorded for assertions (a transaction before its
 * final reply is sent); with {@code retainMessages(false)} only counts are kept.
 */
public final class SmtpSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSink.class);
    private static final long JOIN_MILLIS = 5_000;

    private final SinkSettings settings;
    private final SinkRecords records;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Socket, Thread> live = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private SmtpSink(SinkSettings settings, ServerSocket server) {
        this.settings = settings;
        this.records = new SinkRecords(settings.retain(), settings.listener());
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, threadPrefix() + "accept");
        this.acceptor.setDaemon(true);
    }

    /** A builder with the defaults: 127.0.0.1, any free port, every extension, accept everything. */
    public static SinkBuilder builder() {
        return new SinkBuilder();
    }

    static SmtpSink start(SinkSettings settings) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(settings.bind(), settings.port()), 200);
        SmtpSink sink = new SmtpSink(settings, server);
        sink.acceptor.start();
        return sink;
    }

    /** The address the sink listens on. */
    public InetAddress address() {
        return server.getInetAddress();
    }

    /** The port the sink listens on (the one chosen when started with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    /** The name the sink gives in its greeting and EHLO reply. */
    public String hostname() {
        return settings.hostname();
    }

    /** Connections accepted since start or {@link #clear()}. */
    public long connectionCount() {
        return records.connectionCount();
    }

    /** Messages delivered (answered 250 after the final dot) since start or {@link #clear()}. */
    public long messageCount() {
        return records.messageCount();
    }

    /** The connections accepted, in order, open ones included. */
    public List<SinkConnection> connections() {
        return records.connections();
    }

    /**
     * The transactions that have ended, in the order they ended, delivered or not (an abandoned
     * one has {@link SinkTransaction#finalCode()} 0). Empty when messages are not retained.
     */
    public List<SinkTransaction> transactions() {
        return records.transactions();
    }

    /** The delivered transactions, in the order they ended. */
    public List<SinkTransaction> delivered() {
        return records.transactions().stream().filter(SinkTransaction::delivered).toList();
    }

    /**
     * Waits until {@code count} messages have been delivered since start or {@link #clear()};
     * false when the time ran out first.
     */
    public boolean awaitMessages(long count, Duration timeout) throws InterruptedException {
        return records.awaitMessages(count, timeout);
    }

    /**
     * Forgets the connections, transactions and counts recorded so far. Indexes keep counting:
     * the next connection does not get index 0 again, so indexes never collide with those of
     * connections still open.
     */
    public void clear() {
        records.clear();
    }

    /** Stops accepting, closes every connection, and waits for all the sink's threads to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the server socket: {}", e.toString());
        }
        join(acceptor);
        for (Socket socket : live.keySet()) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing a connection: {}", e.toString());
            }
        }
        live.values().forEach(SmtpSink::join);
    }

    @Override
    public String toString() {
        return "smtp-sink on " + new InetSocketAddress(address(), port());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{} stopped accepting", this, e);
                }
                return;
            }
            try {
                serve(socket);
            } catch (IOException e) {
                LOG.debug("dropped a new connection: {}", e.toString());
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        SinkConnection connection = records.connectionOpened(
                (InetSocketAddress) socket.getRemoteSocketAddress(), (InetSocketAddress) socket.getLocalSocketAddress());
        SinkSession session = new SinkSession(settings, records, connection, socket);
        Thread thread = new Thread(() -> {
            try {
                session.run();
            } finally {
                live.remove(socket);
            }
        }, threadPrefix() + "conn-" + connection.index());
        thread.setDaemon(true);
        live.put(socket, thread);
        if (closed) {
            live.remove(socket);
            throw new SocketException("sink closed");
        }
        thread.start();
    }

    private String threadPrefix() {
        return "smtp-sink-" + server.getLocalPort() + "-";
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return; // close() called from a listener or behaviour on a connection thread
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not end within {} ms", thread.getName(), JOIN_MILLIS);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
