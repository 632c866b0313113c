package org.camelmta.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A few lines of server for what {@link org.camelmta.loopback.SmtpSink} will not do: answer
 * 354 to DATA after refusing every recipient (the sink answers 554 before asking its
 * behaviour), answer 220 to STARTTLS and then take no part in the handshake or reset the
 * connection, stop reading in the middle of the message, greet with something that is not SMTP.
 * Answers each command line with what the script returns (reply lines separated by "\n", CRLF
 * added on the wire; null for no answer). An answer ending in {@link #RESET} is sent and the
 * connection reset; one ending in {@link #HANG} is sent and the server stops reading. After a
 * 354 it reads message lines up to the lone "." and answers that 250.
 * One connection at a time, on 127.0.0.1, port 0.
 */
final class ScriptedServer implements AutoCloseable {

    /** Ends an answer: send it, then reset the connection (RST, not FIN). */
    static final String RESET = "\n<reset>";
    /** Ends an answer: send it, then never read again until the client goes away. */
    static final String HANG = "\n<hang>";

    private final ServerSocket server;
    private final String greeting;
    private final UnaryOperator<String> script;
    private final SSLContext tls;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Socket current;

    ScriptedServer(String greeting, UnaryOperator<String> script) throws IOException {
        this(greeting, script, null);
    }

    /** With {@code tls}, a 220 answer to STARTTLS is followed by the server side of the handshake. */
    ScriptedServer(String greeting, UnaryOperator<String> script, SSLContext tls) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.greeting = greeting;
        this.script = script;
        this.tls = tls;
        this.thread = new Thread(this::serve, "scripted-smtp-" + server.getLocalPort());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    InetAddress address() {
        return server.getInetAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every line received (commands and message lines), without line ends. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                current = s;
                converse(s, s.getInputStream(), s.getOutputStream());
            } catch (IOException | InterruptedException e) {
                // the client went away, or the server was closed
            }
        }
    }

    private void converse(Socket plain, InputStream raw, OutputStream plainOut) throws IOException, InterruptedException {
        Socket socket = plain;
        InputStream in = new BufferedInputStream(raw);
        OutputStream out = plainOut;
        send(out, greeting);
        boolean data = false;
        String line;
        while ((line = readLine(in)) != null) {
            lines.add(line);
            if (data) {
                if (line.equals(".")) {
                    data = false;
                    send(out, "250 2.0.0 queued");
                }
                continue;
            }
            String answer = script.apply(line);
            if (answer == null) {
                continue;
            }
            if (answer.endsWith(RESET)) {
                send(out, answer.substring(0, answer.length() - RESET.length()));
                socket.setSoLinger(true, 0);
                return;
            }
            if (answer.endsWith(HANG)) {
                send(out, answer.substring(0, answer.length() - HANG.length()));
                while (!socket.isClosed() && !server.isClosed()) {
                    Thread.sleep(20); // read nothing: the client's writes fill the buffers and block
                }
                return;
            }
            send(out, answer);
            data = answer.startsWith("354");
            if (tls != null && line.equals("STARTTLS") && answer.startsWith("220")) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), false);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                socket = ssl;
                current = ssl;
                in = new BufferedInputStream(ssl.getInputStream());
                out = ssl.getOutputStream();
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One command line, without its line end (CRLF or bare LF); null at the end of input. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = current;
        if (s != null) {
            s.close();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
