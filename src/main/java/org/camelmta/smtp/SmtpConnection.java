package org.camelmta.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.camelmta.dns.Hop;

/**
 * One TCP connection to an SMTP server: bytes out and replies in, each under the deadline of
 * its phase, and the switch to TLS. Every I/O problem leaves here as an {@link SmtpFailure}
 * whose reply is worded the way Postfix words it, naming the peer and the phase.
 *
 * <p>Deadlines are absolute: a phase ends at its start plus its timeout, however the server
 * spreads its bytes. A socket's {@code SO_TIMEOUT} only bounds one {@code read()}, so a server
 * answering a byte at a time would never trip it; here it is set before every read to what is
 * left of the phase (at least 1 ms). Inside TLS one read of the TLS socket may take many reads
 * of the TCP socket (one record trickled in), and writes and the handshake have no timeout at
 * all: there the {@link Watchdog} closes the socket at the deadline. On top of every phase's
 * deadline sits the delivery attempt's ({@link #capAt}).
 */
final class SmtpConnection implements AutoCloseable {

    private final Hop hop;
    /** The TCP socket itself, under the TLS socket once STARTTLS has run. */
    private final Socket tcp;
    /** What is read and written: {@link #tcp}, or the TLS socket layered on it. */
    private Socket socket;
    private InetAddress localAddress;
    private InputStream in;
    private OutputStream out;
    private ReplyReader reader;
    private boolean tls;
    private volatile boolean closed;
    private final SmtpObserver observer;
    // Phase timing (SmtpObserver says what each phase covers): when the exchange the next reply
    // answers began, and whether the next write begins a new exchange (it does after a reply).
    private long since;
    private boolean writeStartsExchange;
    /**
     * When the phase under way began, for its deadline: as {@link #since}, except that the wait
     * for the reply to the end of data starts when the body is written ({@link #startPhase}).
     */
    private long phaseStart;
    /** The delivery attempt's deadline, which no phase outlives. */
    private Deadline cap = Deadline.NONE;
    /** The deadline of the reply being read, for {@link #beforeRead}. */
    private Deadline readDeadline = Deadline.NONE;

    private SmtpConnection(Hop hop, Socket socket, SmtpObserver observer) throws IOException {
        this.hop = hop;
        this.tcp = socket;
        this.observer = observer;
        this.since = System.nanoTime();
        this.phaseStart = since;
        attach(socket);
    }

    /** Connects to the hop, from {@code source} when given (otherwise the system chooses). */
    static SmtpConnection open(Hop hop, InetAddress source, Duration timeout) throws SmtpFailure {
        return open(hop, source, timeout, SmtpObserver.NONE);
    }

    /** As {@link #open(Hop, InetAddress, Duration)}, telling {@code observer} how long each phase takes. */
    static SmtpConnection open(Hop hop, InetAddress source, Duration timeout, SmtpObserver observer)
            throws SmtpFailure {
        return open(hop, source, timeout, observer, Deadline.NONE);
    }

    /** As {@link #open(Hop, InetAddress, Duration, SmtpObserver)}, within the attempt's deadline {@code cap}. */
    static SmtpConnection open(Hop hop, InetAddress source, Duration timeout, SmtpObserver observer, Deadline cap)
            throws SmtpFailure {
        Deadline deadline = Deadline.after(timeout).earlier(cap);
        Socket socket = new Socket();
        long start = System.nanoTime();
        boolean connected = false;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            if (deadline.passed()) {
                throw new SocketTimeoutException("no time left");
            }
            socket.connect(new InetSocketAddress(hop.address(), hop.port()), deadline.remainingMillisForSocket());
            connected = true;
            SmtpConnection c = new SmtpConnection(hop, socket, observer);
            c.cap = cap;
            return c;
        } catch (ConnectException | NoRouteToHostException e) {
            closeQuietly(socket);
            throw new SmtpFailure(SmtpReply.local(451, "4.4.1", "connect to " + hop + ": " + reason(e, "Connection refused")),
                    Phase.CONNECT, Cause.REFUSED);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new SmtpFailure(SmtpReply.local(451, "4.4.1", "connect to " + hop + ": Connection timed out"
                    + capNote(deadline, cap)), Phase.CONNECT, Cause.TIMEOUT);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new SmtpFailure(SmtpReply.local(451, "4.4.1", "connect to " + hop + ": " + reason(e, "I/O error")),
                    Phase.CONNECT, Cause.REFUSED);
        } finally {
            observer.phase(Phase.CONNECT, Duration.ofNanos(System.nanoTime() - start), connected);
        }
    }

    Hop hop() {
        return hop;
    }

    /** The local address the connection was made from (kept: a closed socket reports the wildcard). */
    InetAddress localAddress() {
        return localAddress;
    }

    boolean isTls() {
        return tls;
    }

    /** The TLS session once {@link #startTls} succeeded, for the certificate check; else null. */
    javax.net.ssl.SSLSession tlsSession() {
        return tls && socket instanceof SSLSocket ssl ? ssl.getSession() : null;
    }

    /**
     * Bounds every phase from now on by the delivery attempt's deadline (a cached connection
     * serves many attempts, each with its own; {@link Deadline#NONE} while it idles).
     */
    void capAt(Deadline attemptDeadline) {
        this.cap = attemptDeadline;
    }

    /** The phase under way starts now: the wait for the reply to the end of data, after the body. */
    void startPhase() {
        phaseStart = System.nanoTime();
    }

    boolean isClosed() {
        return closed || socket.isClosed();
    }

    /** Whether the server has sent bytes nobody asked for (a sign the session is unusable). */
    boolean hasUnexpectedInput() throws IOException {
        return reader.hasBuffered() || in.available() > 0;
    }

    /**
     * Reads one reply, by the phase's start plus {@code timeout} (the attempt's deadline if
     * that comes first).
     */
    SmtpReply read(Phase phase, Duration timeout) throws SmtpFailure {
        SmtpReply reply;
        try {
            reply = readReply(phase, timeout);
        } catch (SmtpFailure f) {
            exchangeEnded(phase, false);
            throw f;
        }
        // A 220 to STARTTLS is timed to the end of the handshake it starts (startTls).
        if (phase != Phase.STARTTLS || reply.code() != 220) {
            exchangeEnded(phase, true);
        }
        return reply;
    }

    private SmtpReply readReply(Phase phase, Duration timeout) throws SmtpFailure {
        Deadline deadline = phaseDeadline(timeout);
        readDeadline = deadline;
        // In clear, beforeRead's SO_TIMEOUT is enough; a TLS read may block over many TCP reads.
        try (Watchdog.Armed dog = tls ? Watchdog.arm(this::abort, deadline.remaining()) : null) {
            try {
                return reader.read();
            } catch (SocketTimeoutException e) {
                throw timedOut(phase, doing(phase), deadline);
            } catch (ReplyReader.MalformedReplyException e) {
                throw new SmtpFailure(SmtpReply.local(451, "4.5.0", hop + " said something that is not SMTP while "
                        + doing(phase) + ": " + e.getMessage()), phase, Cause.PROTOCOL);
            } catch (IOException e) {
                if (dog != null && dog.fired()) {
                    throw timedOut(phase, doing(phase), deadline);
                }
                if (e instanceof EOFException) {
                    throw failure(phase, Cause.LOST_CONNECTION, "lost connection with " + hop + " while " + doing(phase));
                }
                throw failure(phase, Cause.LOST_CONNECTION, "lost connection with " + hop + " while " + doing(phase)
                        + ": " + reason(e, "I/O error"));
            }
        } finally {
            readDeadline = Deadline.NONE;
        }
    }

    /** Before each read of the socket: it may block only for what is left of the phase. */
    private void beforeRead() throws IOException {
        if (readDeadline.passed()) {
            throw new SocketTimeoutException("phase deadline passed");
        }
        socket.setSoTimeout(readDeadline.remainingMillisForSocket());
    }

    /** The deadline of the phase under way: its start plus {@code timeout}, or the attempt's if earlier. */
    private Deadline phaseDeadline(Duration timeout) {
        return Deadline.at(phaseStart, timeout).earlier(cap);
    }

    /** Writes a command line. The line must not contain CR or LF; the CRLF is added here. */
    void writeCommand(Phase phase, String command, Duration timeout) throws SmtpFailure {
        byte[] line = commandBytes(command);
        write(phase, line, 0, line.length, timeout, doing(phase));
    }

    static byte[] commandBytes(String command) {
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                // Addresses and parameters are validated long before this; reaching here is a bug,
                // and sending it would let a value smuggle a second command onto the wire.
                throw new IllegalArgumentException("CR, LF or NUL inside an SMTP command");
            }
        }
        byte[] text = command.getBytes(StandardCharsets.UTF_8);
        byte[] line = java.util.Arrays.copyOf(text, text.length + 2);
        line[text.length] = '\r';
        line[text.length + 1] = '\n';
        return line;
    }

    /** Writes bytes as they are (pipelined commands, message data), then flushes. */
    void write(Phase phase, byte[] bytes, Duration timeout) throws SmtpFailure {
        write(phase, bytes, 0, bytes.length, timeout);
    }

    void write(Phase phase, byte[] bytes, int offset, int length, Duration timeout) throws SmtpFailure {
        write(phase, bytes, offset, length, timeout, writing(phase));
    }

    /**
     * Writes one block of the message body: within {@code perBlock} of now (RFC 5321
     * §4.5.3.2.5's data block timeout: a server that stops reading is found out in that time)
     * and by {@code whole}, the deadline of the whole body (a server that reads just enough to
     * keep each block alive is found out then).
     */
    void writeBody(byte[] bytes, int offset, int length, Duration perBlock, Deadline whole) throws SmtpFailure {
        startExchangeIfDue();
        write(Phase.DATA, bytes, offset, length, Deadline.after(perBlock).earlier(whole).earlier(cap), writing(Phase.DATA));
    }

    private void write(Phase phase, byte[] bytes, int offset, int length, Duration timeout, String doing)
            throws SmtpFailure {
        startExchangeIfDue();
        write(phase, bytes, offset, length, phaseDeadline(timeout), doing);
    }

    /** The first write after a reply starts the next exchange, and its phase. */
    private void startExchangeIfDue() {
        if (writeStartsExchange) {
            since = System.nanoTime();
            phaseStart = since;
            writeStartsExchange = false;
        }
    }

    private void write(Phase phase, byte[] bytes, int offset, int length, Deadline deadline, String doing)
            throws SmtpFailure {
        try (Watchdog.Armed dog = Watchdog.arm(this::abort, deadline.remaining())) {
            try {
                if (deadline.passed()) {
                    throw new IOException("deadline passed"); // no write may start after it
                }
                out.write(bytes, offset, length);
                out.flush();
            } catch (IOException e) {
                exchangeEnded(phase, false);
                if (dog.fired() || deadline.passed()) {
                    throw timedOut(phase, doing, deadline);
                }
                throw failure(phase, Cause.LOST_CONNECTION, "lost connection with " + hop + " while " + doing
                        + ": " + reason(e, "I/O error"));
            }
        }
    }

    /**
     * Switches to TLS after the server's 220 to STARTTLS. Whatever the server sent after that
     * reply and before the handshake is discarded (RFC 3207 §4.2: nothing from before TLS is
     * trusted; a server, or a man in the middle, may have injected replies there).
     */
    void startTls(SSLSocketFactory factory, Duration timeout) throws SmtpFailure {
        reader.discardBuffered();
        boolean done = false;
        // One deadline for the command, its reply and the handshake (phaseStart is the command's):
        // a handshake trickled a byte at a time never trips SO_TIMEOUT, so the watchdog ends it.
        Deadline deadline = phaseDeadline(timeout);
        try (Watchdog.Armed dog = Watchdog.arm(this::abort, deadline.remaining())) {
            try {
                SSLSocket ssl = (SSLSocket) factory.createSocket(socket, hop.host(), hop.port(), true);
                ssl.setUseClientMode(true);
                ssl.setSoTimeout(deadline.remainingMillisForSocket());
                if (deadline.passed()) {
                    throw new SocketTimeoutException("deadline passed");
                }
                ssl.startHandshake();
                attach(ssl);
                tls = true;
                done = true;
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException || dog.fired() || deadline.passed()) {
                    throw failure(Phase.STARTTLS, Cause.TIMEOUT, "TLS handshake with " + hop + " timed out"
                            + capNote(deadline, cap));
                }
                throw e;
            }
        } catch (SmtpFailure f) {
            throw f;
        } catch (SSLException e) {
            throw tlsFailed(reason(e, "handshake failure"));
        } catch (IOException e) {
            // A reset or close in the middle of the handshake is a failed handshake too: it is
            // what a middlebox that will not pass TLS does, and in opportunistic mode the cure
            // is the same (Postfix's "may" level retries such a host in plaintext). JSSE
            // reports it as an SSLException or as a plain SocketException depending on timing.
            throw tlsFailed(reason(e, "connection lost"));
        } finally {
            exchangeEnded(Phase.STARTTLS, done);
        }
    }

    /** Tells the observer a phase ended; the next write starts the next exchange. */
    private void exchangeEnded(Phase phase, boolean ok) {
        long now = System.nanoTime();
        observer.phase(phase, Duration.ofNanos(now - since), ok);
        since = now; // a further reply to the same write (pipelining) counts from here
        writeStartsExchange = true;
    }

    private SmtpFailure tlsFailed(String why) {
        abort(); // the state of a connection after a failed handshake is unknown: never reuse it
        return new SmtpFailure(SmtpReply.local(451, "4.7.5", "TLS handshake with " + hop + " failed: " + why),
                Phase.STARTTLS, Cause.TLS);
    }

    /** Closes in good order: TLS close_notify first when in TLS, then the TCP socket. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
        closeQuietly(tcp);
    }

    /**
     * Drops the connection at once, from any thread: closes the TCP socket only. Closing the TLS
     * socket would send close_notify, which takes the TLS write lock: held by a writer blocked
     * on a full send buffer, it would block the write watchdog for ever, the very writer it was
     * meant to free (seen with JDK 17). Closing the TCP socket fails that writer at once, and a
     * connection that timed out or broke gets no polite goodbye anyway.
     */
    private void abort() {
        closed = true;
        closeQuietly(tcp);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        localAddress = s.getLocalAddress();
        in = s.getInputStream();
        // Commands and pipelined batches are written as one array each; message data goes
        // through the encoder's own buffer. A BufferedOutputStream here would only copy twice.
        out = s.getOutputStream();
        reader = new ReplyReader(in, this::beforeRead);
    }

    private SmtpFailure timedOut(Phase phase, String doing, Deadline deadline) {
        return failure(phase, Cause.TIMEOUT, "conversation with " + hop + " timed out while " + doing
                + capNote(deadline, cap));
    }

    /** Says so when the deadline that passed was the whole attempt's, not the phase's own. */
    private static String capNote(Deadline deadline, Deadline cap) {
        return cap.bounded() && deadline.equals(cap) ? " (the delivery attempt's time limit was reached)" : "";
    }

    private SmtpFailure failure(Phase phase, Cause cause, String text) {
        abort();
        return new SmtpFailure(SmtpReply.local(451, "4.4.2", text), phase, cause);
    }

    /**
     * What the client was doing when it wrote raw bytes in {@code phase}: in DATA those are the
     * message body (commands go through {@link #writeCommand}). Postfix words the DATA command
     * and the body differently, so an operator can tell a server that never said 354 from one
     * that stopped reading the message.
     */
    private static String writing(Phase phase) {
        return phase == Phase.DATA ? "sending message body" : doing(phase);
    }

    /** What the client was doing while waiting for a reply in {@code phase}, in Postfix's words. */
    static String doing(Phase phase) {
        return switch (phase) {
            case LOOKUP -> "looking up the destination";
            case CONNECT -> "connecting";
            case GREETING -> "receiving the initial server greeting";
            case EHLO -> "performing the EHLO handshake";
            case STARTTLS -> "performing the STARTTLS handshake";
            case AUTH -> "performing SASL authentication";
            case MAIL -> "sending MAIL FROM";
            case RCPT -> "sending RCPT TO";
            case DATA -> "sending DATA command";
            case DATA_END -> "sending end of data -- message may be sent more than once";
            case RSET -> "sending RSET";
            case QUIT -> "sending QUIT";
        };
    }

    private static String reason(IOException e, String fallback) {
        return e.getMessage() == null || e.getMessage().isBlank() ? fallback : e.getMessage();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more can be done about a socket that will not close
        }
    }
}
