package org.camelmta.loopback;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sink recorded about one client connection. Written by the connection's own thread
 * and readable from any other while the connection is still open; every accessor returns a
 * consistent copy.
 *
 * <p>{@link #chunks()} holds the bytes of each {@code read()} the sink made on the socket while
 * it was reading commands (not message data), exactly as each call returned them, so a test can
 * tell whether a client pipelined (MAIL, RCPT and DATA in one chunk) or waited for each reply.
 * Chunks and transactions are kept only when the sink retains messages.
 */
public final class SinkConnection {

    private final int index;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Instant opened = Instant.now();
    private final boolean retain;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<SinkTransaction> transactions = new ArrayList<>();
    private volatile String heloName;
    private volatile boolean tls;
    private volatile String authenticatedUser;
    private volatile Instant closed;

    SinkConnection(int index, InetSocketAddress remote, InetSocketAddress local, boolean retain) {
        this.index = index;
        this.remote = remote;
        this.local = local;
        this.retain = retain;
    }

    /** The connection's place among all connections the sink accepted, from zero. */
    public int index() {
        return index;
    }

    /** The client's address and port. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** The sink's address and port on this connection. */
    public InetSocketAddress local() {
        return local;
    }

    /** The name in the client's latest EHLO or HELO (null before any; reset by STARTTLS). */
    public String heloName() {
        return heloName;
    }

    /** Whether the connection was upgraded to TLS. */
    public boolean tls() {
        return tls;
    }

    /** The user the client authenticated as, or null. */
    public String authenticatedUser() {
        return authenticatedUser;
    }

    public Instant opened() {
        return opened;
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return closed == null;
    }

    /** When the connection ended, or null while it is open. */
    public Instant closed() {
        return closed;
    }

    /** The raw chunks read in command mode, each a copy of what one {@code read()} returned. */
    public synchronized List<byte[]> chunks() {
        return chunks.stream().map(byte[]::clone).toList();
    }

    /** {@link #chunks()} decoded as UTF-8, one string per read. */
    public synchronized List<String> chunksAsText() {
        return chunks.stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();
    }

    /** The transactions begun on this connection that have ended, in order. */
    public synchronized List<SinkTransaction> transactions() {
        return List.copyOf(transactions);
    }

    @Override
    public String toString() {
        return "connection " + index + " from " + remote + (tls ? " (TLS)" : "") + (heloName == null ? "" : " helo " + heloName);
    }

    synchronized void addChunk(byte[] chunk) {
        if (retain) {
            chunks.add(chunk);
        }
    }

    synchronized void addTransaction(SinkTransaction transaction) {
        if (retain) {
            transactions.add(transaction);
        }
    }

    boolean retains() {
        return retain;
    }

    void heloName(String name) {
        heloName = name;
    }

    void tls(boolean active) {
        tls = active;
    }

    void authenticatedUser(String user) {
        authenticatedUser = user;
    }

    void markClosed() {
        closed = Instant.now();
    }
}
