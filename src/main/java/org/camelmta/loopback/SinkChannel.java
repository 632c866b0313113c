package org.camelmta.loopback;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.camelmta.smtp.SmtpReply;

/**
 * The bytes of one client connection: command lines and message data read through one buffer,
 * replies written through another.
 *
 * <p>Replies are flushed only when the sink is about to block for more input, or ends the
 * connection. The replies to a batch of pipelined commands therefore leave in one segment
 * (RFC 2920 §3.1 lets the server do this), and a benchmark pays one write and one read per
 * round trip rather than one per reply or per byte. With a round-trip time set, each such
 * segment is held that long first.
 */
final class SinkChannel implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;
    /** A data line without CRLF is passed on in pieces of about this size, not held whole. */
    private static final int PIECE = 8 * 1024;
    /** RFC 5321 §4.5.3.1.6: 998 octets of text, then CRLF. */
    private static final int MAX_TEXT_LINE = 998;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Socket plain;
    private final Consumer<byte[]> chunkRecorder;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private byte[] held = new byte[1024];
    private int heldLength;
    private boolean commandMode = true;
    private final long roundTripNanos;
    /** Replies written since the last flush. */
    private boolean repliesWaiting;

    /**
     * @param chunkRecorder receives a copy of each read made in command mode, or null
     * @param roundTrip     how long each batch of replies is held before it is sent
     */
    SinkChannel(Socket socket, Consumer<byte[]> chunkRecorder, Duration roundTrip) throws IOException {
        this.plain = socket;
        this.chunkRecorder = chunkRecorder;
        this.roundTripNanos = roundTrip.toNanos();
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = new BufferedOutputStream(s.getOutputStream(), BUFFER);
    }

    /** Reads more input, flushing the replies written so far first; false at end of stream. */
    private boolean fill() throws IOException {
        flush();
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        if (commandMode && chunkRecorder != null) {
            chunkRecorder.accept(Arrays.copyOf(buf, n));
        }
        return true;
    }

    /**
     * Reads a command line, ended by LF with or without CR (both stripped), decoded as UTF-8.
     * Returns null at end of stream. A line of more than {@code maxOctets} (terminator included)
     * is read to its end and discarded.
     */
    String readLine(int maxOctets) throws IOException, SinkLineTooLongException {
        heldLength = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == limit && !fill()) {
                return null;
            }
            int i = pos;
            while (i < limit && buf[i] != '\n') {
                i++;
            }
            int n = i - pos;
            if (!tooLong && heldLength + n + 1 > maxOctets) {
                tooLong = true;
            }
            if (!tooLong) {
                hold(buf, pos, n);
            }
            if (i < limit) {
                pos = i + 1;
                break;
            }
            pos = limit;
        }
        if (tooLong) {
            throw new SinkLineTooLongException();
        }
        int length = heldLength > 0 && held[heldLength - 1] == '\r' ? heldLength - 1 : heldLength;
        return new String(held, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Reads message data up to and without the final CRLF.CRLF, undoing dot-stuffing. Only CRLF
     * ends a line: a bare LF or CR is content, so "LF.LF" or "LF.CRLF" cannot end the message
     * early (the SMTP smuggling ambiguity).
     *
     * @param keep whether to keep the content or only count it
     * @param maxSize the size above which the content is dropped and the message marked too big; 0 for none
     */
    SinkData readData(boolean keep, long maxSize) throws IOException {
        commandMode = false;
        try {
            return new DataReader(keep, maxSize).read();
        } finally {
            commandMode = true;
        }
    }

    /** The unstuffed message, its size, and what was wrong with it. */
    record SinkData(byte[] content, long size, boolean longLines, boolean tooBig) {
    }

    private final class DataReader {
        private final long maxSize;
        private ByteArrayOutputStream content;
        private long size;
        private boolean longLines;
        private boolean tooBig;
        private boolean lineStart = true;
        private long lineOctets;

        DataReader(boolean keep, long maxSize) {
            this.maxSize = maxSize;
            this.content = keep ? new ByteArrayOutputStream(4096) : null;
        }

        SinkData read() throws IOException {
            heldLength = 0;
            while (true) {
                if (pos == limit && !fill()) {
                    throw new EOFException("connection closed in message data");
                }
                int i = pos;
                while (i < limit && buf[i] != '\n') {
                    i++;
                }
                int end = i < limit ? i + 1 : limit;
                hold(buf, pos, end - pos);
                pos = end;
                if (i < limit && heldLength >= 2 && held[heldLength - 2] == '\r') {
                    if (lineStart && heldLength == 3 && held[0] == '.') {
                        byte[] bytes = content == null ? SinkDraft.NO_CONTENT : content.toByteArray();
                        return new SinkData(bytes, size, longLines, tooBig);
                    }
                    pass(heldLength, true);
                } else if (heldLength >= PIECE) {
                    // Keep the last byte back: it may be the CR of a CRLF whose LF is still to come.
                    pass(heldLength - 1, false);
                }
            }
        }

        /** Passes the first {@code n} held bytes on as content, unstuffing a line's leading dot. */
        private void pass(int n, boolean endsLine) {
            int start = lineStart && held[0] == '.' ? 1 : 0;
            int octets = n - start;
            lineOctets += octets;
            if (lineOctets - (endsLine ? 2 : 0) > MAX_TEXT_LINE) {
                longLines = true;
            }
            store(start, octets);
            if (endsLine) {
                heldLength = 0;
                lineStart = true;
                lineOctets = 0;
            } else {
                held[0] = held[n];
                heldLength = 1;
                lineStart = false;
            }
        }

        private void store(int offset, int length) {
            size += length;
            if (maxSize > 0 && size > maxSize) {
                tooBig = true;
                content = null;
            }
            if (content != null) {
                content.write(held, offset, length);
            }
        }
    }

    private void hold(byte[] source, int offset, int length) {
        if (heldLength + length > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + length));
        }
        System.arraycopy(source, offset, held, heldLength, length);
        heldLength += length;
    }

    /** Sends the replies written so far now (after the round-trip time, if one is set). */
    void flush() throws IOException {
        if (repliesWaiting && roundTripNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(roundTripNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("sink closing");
            }
        }
        repliesWaiting = false;
        out.flush();
    }

    /** Queues a reply; it leaves with the next flush. */
    void reply(SmtpReply reply) throws IOException {
        repliesWaiting = true;
        StringBuilder text = new StringBuilder(64);
        if (reply.lines().isEmpty()) {
            text.append(reply.code()).append("\r\n");
        }
        for (int i = 0; i < reply.lines().size(); i++) {
            boolean last = i == reply.lines().size() - 1;
            text.append(reply.code()).append(last ? ' ' : '-').append(reply.lines().get(i)).append("\r\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends what is queued (the 220) together with {@code inject} in one write, forgets any
     * plaintext the client sent after STARTTLS (RFC 3207 §4: nothing before the handshake may
     * count as a command, the CVE-2011-0411 lesson), and makes the connection TLS.
     */
    void startTls(SSLContext context, byte[] inject) throws IOException {
        out.write(inject);
        flush();
        pos = limit;
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        attach(tls);
    }

    /** Sends what is queued and waits, discarding all input, until the client or the sink closes. */
    void stall() throws IOException {
        flush();
        while (true) {
            try {
                if (in.read(buf, 0, buf.length) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // A stall outlasts the idle timeout: only the client or SmtpSink.close() ends it.
            }
        }
    }

    /**
     * Sends what is queued, then closes in a way that lets the client read it: half-close,
     * discard input briefly until the client closes too, then close. Closing with unread input
     * would make the kernel send a reset, and a client could lose the last replies (a 421 above
     * all) before reading them.
     */
    void closeGracefully() {
        try {
            out.flush();
            socket.shutdownOutput();
            long deadline = System.nanoTime() + LINGER_NANOS;
            socket.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(LINGER_NANOS));
            while (System.nanoTime() < deadline && in.read(buf, 0, buf.length) >= 0) {
                // discard
            }
        } catch (IOException | UnsupportedOperationException e) {
            // The client is gone already, or TLS cannot half-close: close outright.
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
        try {
            plain.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
