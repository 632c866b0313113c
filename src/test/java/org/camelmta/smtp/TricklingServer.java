package org.camelmta.smtp;

import java.io.BufferedInputStream;
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

/**
 * A hostile receiving server on a raw socket: answers commands from a script, but sends an
 * answer marked with a leading {@link #TRICKLE} one byte every {@link #BYTE_EVERY_MILLIS}
 * milliseconds. Each read of the client then sees a byte long before any per-read timeout,
 * so only a deadline for the whole phase ends it. The greeting may be trickled the same way;
 * the answer to the end of data is the script's answer to ".". After a 220 to STARTTLS the
 * server trickles its side of a TLS handshake that never ends.
 * One connection at a time, 127.0.0.1, port 0.
 */
final class TricklingServer implements AutoCloseable {

    /** Marks an answer to be sent a byte at a time. */
    static final String TRICKLE = "~";
    static final long BYTE_EVERY_MILLIS = 100;
    /** A reply line that takes minutes to trickle (and stays under the reader's line limit). */
    static final String ENDLESS = "250 " + "x".repeat(3_000);

    private final ServerSocket server;
    private final String greeting;
    private final UnaryOperator<String> script;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Socket current;
    private volatile int connections;

    TricklingServer(String greeting, UnaryOperator<String> script) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.greeting = greeting;
        this.script = script;
        this.thread = new Thread(this::serve, "trickling-smtp-" + server.getLocalPort());
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

    int connections() {
        return connections;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                current = s;
                connections++;
                converse(s.getInputStream(), s.getOutputStream());
            } catch (IOException | InterruptedException e) {
                // the client went away, or the server was closed
            }
        }
    }

    private void converse(InputStream raw, OutputStream out) throws IOException, InterruptedException {
        InputStream in = new BufferedInputStream(raw);
        send(out, greeting);
        boolean data = false;
        String line;
        while ((line = ScriptedServer.readLine(in)) != null) {
            lines.add(line);
            if (data && !line.equals(".")) {
                continue;
            }
            data = false;
            String answer = script.apply(line);
            if (answer == null) {
                continue;
            }
            send(out, answer);
            data = answer.startsWith("354");
            if (line.equals("STARTTLS") && answer.startsWith("220")) {
                // The handshake: a TLS record header announcing 16 KiB, then its body a byte at a time.
                byte[] header = {0x16, 0x03, 0x03, 0x40, 0x00};
                out.write(header);
                out.flush();
                while (true) {
                    Thread.sleep(BYTE_EVERY_MILLIS);
                    out.write(0x02);
                    out.flush();
                }
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException, InterruptedException {
        boolean trickle = reply.startsWith(TRICKLE);
        String text = trickle ? reply.substring(TRICKLE.length()) : reply;
        byte[] bytes = (text.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (!trickle) {
            out.write(bytes);
            out.flush();
            return;
        }
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            Thread.sleep(BYTE_EVERY_MILLIS);
        }
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
