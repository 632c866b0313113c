package org.camelmta.loopback;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelmta.loopback.ZoneQuery.Transport;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server in the same process, for tests, the quick start and the
 * benchmark. It answers over UDP and TCP on one port of a loopback address from zones written
 * in master-file syntax (parsed by dnsjava), the way a real authoritative server does: AA bit,
 * CNAME chains inside its zones in the answer, NXDOMAIN and NODATA with the zone's SOA in the
 * authority section, UDP answers that do not fit truncated with TC so the client retries over
 * TCP. Faults can be set per name (and type), and every query is logged for assertions.
 *
 * <pre>{@code
 * try (ZoneDnsServer dns = ZoneDnsServer.start()) {
 *     dns.zone("example.com", """
 *         @    300 MX 10 mx1
 *         mx1  300 A  127.0.0.1
 *         """);
 *     // mta.dns.servers = dns.hostPort()
 * }
 * }</pre>
 *
 * <p>Records are kept in dnsjava {@link org.xbill.DNS.Zone}s; this class adds only the sockets,
 * the faults and the log (dnsjava has a resolver but no server).
 */
public final class ZoneDnsServer implements AutoCloseable {

    private static final int UDP_THREADS = 2;
    private static final int TCP_IDLE_MILLIS = 10_000;
    private static final int BIND_TRIES = 20;
    private static final byte[] CLOSE_CONNECTION = new byte[0];

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final InetSocketAddress bound;
    private final ZoneBook book = new ZoneBook();
    private final ZoneQueryLog log = new ZoneQueryLog();
    private final Map<String, ZoneFault> faults = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean closed;

    private ZoneDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.bound = new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zone-dns-" + udp.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < UDP_THREADS; i++) {
            threads.execute(this::serveUdp);
        }
        threads.execute(this::acceptTcp);
    }

    /** Starts a server on 127.0.0.1 at a free port. */
    public static ZoneDnsServer start() throws IOException {
        return start(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * Starts a server on UDP and TCP of one port of {@code address}; port 0 picks a port that is
     * free for both.
     */
    public static ZoneDnsServer start(InetAddress address, int port) throws IOException {
        BindException last = null;
        for (int attempt = 0; attempt < (port == 0 ? BIND_TRIES : 1); attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port));
            ServerSocket tcp = new ServerSocket();
            try {
                tcp.bind(new InetSocketAddress(address, udp.getLocalPort()), 64);
                return new ZoneDnsServer(udp, tcp);
            } catch (BindException e) {
                udp.close();
                tcp.close();
                last = e;
            }
        }
        throw last;
    }

    /** Adds (or replaces) the zone {@code origin} with records in master-file syntax. */
    public ZoneDnsServer zone(String origin, String zoneText) {
        book.load(origin, zoneText);
        return this;
    }

    /** Adds records (master-file lines, absolute owner names) to the zones holding them. */
    public ZoneDnsServer add(String records) {
        book.add(records);
        return this;
    }

    /** Replaces each named RRset with exactly the given records. */
    public ZoneDnsServer set(String records) {
        book.set(records);
        return this;
    }

    /** Removes the records of one name and type. */
    public ZoneDnsServer remove(String name, String type) {
        book.remove(name, type);
        return this;
    }

    /** Makes every query for {@code name}, of any type, fail this way. */
    public ZoneDnsServer fault(String name, ZoneFault fault) {
        faults.put(faultKey(name, "*"), fault);
        return this;
    }

    /** Makes queries for {@code name} of {@code type} fail this way. */
    public ZoneDnsServer fault(String name, String type, ZoneFault fault) {
        ZoneBook.typeOf(type);
        faults.put(faultKey(name, type), fault);
        return this;
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The queries received, oldest first (the most recent 100,000). */
    public List<ZoneQuery> queries() {
        return log.recent();
    }

    /** How many queries were received in all. */
    public long queryCount() {
        return log.total();
    }

    /** How many queries for this name and type were received, over either transport. */
    public long queryCount(String name, String type) {
        return log.count(name, type);
    }

    public void clearQueries() {
        log.clear();
    }

    /** Where the server listens (UDP and TCP); still the same after {@link #close()}. */
    public InetSocketAddress address() {
        return bound;
    }

    public int port() {
        return bound.getPort();
    }

    /** The server as {@code mta.dns.servers} writes it: {@code 127.0.0.1:5353}, {@code [::1]:5353}. */
    public String hostPort() {
        InetAddress a = bound.getAddress();
        String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return host + ":" + port();
    }

    /** Stops answering, closes the sockets and ends the server's threads. */
    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.forEach(ZoneDnsServer::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] reply = handle(Arrays.copyOf(buffer, packet.getLength()), Transport.UDP);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                connections.add(socket);
                threads.execute(() -> serveTcp(socket));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    // RFC 1035 §4.2.2 / RFC 7766: two-octet length, then the message; many queries per connection.
    private void serveTcp(Socket socket) {
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            while (!closed) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] reply = handle(query, Transport.TCP);
                if (reply == CLOSE_CONNECTION) {
                    return;
                }
                if (reply != null) {
                    out.writeShort(reply.length);
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException e) {
            // idle timeout, reset, or the server closing
        } finally {
            connections.remove(socket);
        }
    }

    // The reply's bytes; null for no reply; CLOSE_CONNECTION to drop a TCP connection.
    private byte[] handle(byte[] wire, Transport transport) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null; // not DNS: ignore it, as servers do with garbage
        }
        Record question = query.getQuestion();
        if (question == null) {
            return null;
        }
        String name = ZoneQueryLog.normalName(question.getName().toString());
        String type = Type.string(question.getType());
        log.record(new ZoneQuery(name, type, transport));
        ZoneFault fault = faults.getOrDefault(faultKey(name, type), faults.get(faultKey(name, "*")));
        if (fault != null) {
            switch (fault) {
                case DROP:
                    return null;
                case SERVFAIL:
                    Message failed = ZoneBook.replyTo(query);
                    failed.getHeader().setRcode(Rcode.SERVFAIL);
                    return failed.toWire();
                case TRUNCATE:
                case TRUNCATE_AND_NO_TCP:
                    if (transport == Transport.UDP) {
                        Message truncated = ZoneBook.replyTo(query);
                        truncated.getHeader().setFlag(Flags.AA);
                        truncated.getHeader().setFlag(Flags.TC);
                        return truncated.toWire();
                    }
                    if (fault == ZoneFault.TRUNCATE_AND_NO_TCP) {
                        return CLOSE_CONNECTION;
                    }
                    break;
                default:
                    throw new IllegalStateException(fault.toString());
            }
        }
        Message reply = book.answer(query);
        OPTRecord clientOpt = query.getOPT();
        if (clientOpt != null) {
            reply.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        if (transport == Transport.TCP) {
            return reply.toWire();
        }
        // Message.toWire(max) drops what does not fit and sets TC, as RFC 1035 §4.2.1 asks.
        int limit = clientOpt == null ? 512 : Math.max(512, clientOpt.getPayloadSize());
        return reply.toWire(limit);
    }

    private static String faultKey(String name, String type) {
        return ZoneQueryLog.normalName(name) + "/" + type.toUpperCase(Locale.ROOT);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
