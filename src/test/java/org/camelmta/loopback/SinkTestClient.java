package org.camelmta.loopback;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.camelmta.smtp.SmtpReply;

/** A raw-socket SMTP client for the sink's tests: writes exactly what it is given, reads replies. */
final class SinkTestClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final Socket plain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] pending = new byte[0];

    private SinkTestClient(Socket socket) throws IOException {
        this.plain = socket;
        attach(socket);
    }

    static SinkTestClient connect(SmtpSink sink) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(sink.address(), sink.port()), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new SinkTestClient(socket);
    }

    /** Connects and reads the greeting, which must be 220. */
    static SinkTestClient greeted(SmtpSink sink) throws IOException {
        SinkTestClient client = connect(sink);
        SmtpReply greeting = client.readReply();
        if (greeting.code() != 220) {
            throw new IllegalStateException("greeting was " + greeting);
        }
        return client;
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** Writes the lines, each with CRLF, in one write. */
    void send(String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        sendRaw(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one command and reads its reply. */
    SmtpReply command(String line) throws IOException {
        send(line);
        return readReply();
    }

    /** EHLO, returning the reply lines after the first (the extensions). */
    List<String> ehlo(String name) throws IOException {
        SmtpReply reply = command("EHLO " + name);
        if (reply.code() != 250) {
            throw new IllegalStateException("EHLO answered " + reply);
        }
        return reply.lines().subList(1, reply.lines().size());
    }

    /** Reads one reply, single- or multi-line. */
    SmtpReply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.length() < 3) {
                throw new IOException("not a reply line: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return SmtpReply.of(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    /** Exactly what the next read() on the socket returns (nothing must be buffered). */
    byte[] readChunk() throws IOException {
        if (pending.length > 0) {
            throw new IllegalStateException("bytes already buffered: " + new String(pending, StandardCharsets.UTF_8));
        }
        byte[] buf = new byte[65536];
        int n = in.read(buf);
        if (n < 0) {
            throw new EOFException();
        }
        return Arrays.copyOf(buf, n);
    }

    /** Sends STARTTLS, expects 220, and makes the connection TLS, trusting any certificate. */
    void startTls() throws IOException {
        SmtpReply reply = command("STARTTLS");
        if (reply.code() != 220) {
            throw new IllegalStateException("STARTTLS answered " + reply);
        }
        handshake(SinkTls.trustAllClientContext());
    }

    /** The TLS handshake alone, for tests that read the 220 themselves. */
    void handshake(SSLContext context) throws IOException {
        pending = new byte[0];
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        attach(tls);
    }

    /** Whether the server closed the connection (end of stream or reset) within the time, reading nothing. */
    boolean closedByServerWithin(Duration timeout) throws IOException {
        if (pending.length > 0) {
            return false;
        }
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /** Whether nothing at all arrives for this long, and the connection stays open. */
    boolean silentFor(Duration wait) throws IOException {
        if (pending.length > 0) {
            return false;
        }
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int lf = indexOf(pending, (byte) '\n');
            if (lf >= 0) {
                line.write(pending, 0, lf + 1);
                pending = Arrays.copyOfRange(pending, lf + 1, pending.length);
                byte[] bytes = line.toByteArray();
                if (bytes.length < 2 || bytes[bytes.length - 2] != '\r') {
                    throw new IOException("reply line not ended by CRLF");
                }
                return new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8);
            }
            line.write(pending, 0, pending.length);
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            if (n < 0) {
                throw new EOFException("connection closed; partial line: " + line);
            }
            pending = Arrays.copyOf(buf, n);
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        plain.close();
    }
}
