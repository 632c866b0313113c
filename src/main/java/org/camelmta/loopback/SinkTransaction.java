package org.camelmta.loopback;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camelmta.smtp.SmtpReply;

/**
 * One mail transaction the sink saw, from an accepted MAIL to its end: the reply after the
 * final dot, or abandonment (RSET, a new EHLO, STARTTLS, QUIT or the connection ending before
 * the message was complete). Immutable and safe to share between threads.
 *
 * <p>Indexes count from zero: {@link #connectionIndex()} is the connection's place among all
 * connections the sink accepted, {@link #index()} the transaction's place among the
 * transactions begun on that connection.
 */
public final class SinkTransaction {

    private final int connectionIndex;
    private final int index;
    private final InetSocketAddress client;
    private final String heloName;
    private final boolean tls;
    private final String mailFrom;
    private final Map<String, String> mailParams;
    private final List<SinkRecipient> recipients;
    private final byte[] content;
    private final long size;
    private final boolean longLines;
    private final boolean dataReceived;
    private final SmtpReply finalReply;
    private final Instant started;
    private final Instant finished;

    SinkTransaction(SinkDraft draft, SmtpReply finalReply, Instant finished) {
        this.connectionIndex = draft.connectionIndex;
        this.index = draft.index;
        this.client = draft.client;
        this.heloName = draft.heloName;
        this.tls = draft.tls;
        this.mailFrom = draft.mailFrom;
        this.mailParams = Collections.unmodifiableMap(new LinkedHashMap<>(draft.mailParams));
        this.recipients = List.copyOf(draft.recipients);
        this.content = draft.content;
        this.size = draft.size;
        this.longLines = draft.longLines;
        this.dataReceived = draft.dataReceived;
        this.finalReply = finalReply;
        this.started = draft.started;
        this.finished = finished;
    }

    public int connectionIndex() {
        return connectionIndex;
    }

    public int index() {
        return index;
    }

    /** The client's address and port. */
    public InetSocketAddress client() {
        return client;
    }

    /** The name the client gave in EHLO or HELO before this transaction. */
    public String heloName() {
        return heloName;
    }

    /** Whether the transaction ran inside TLS. */
    public boolean tls() {
        return tls;
    }

    /** The reverse path between the angle brackets of MAIL FROM; empty for the null sender. */
    public String mailFrom() {
        return mailFrom;
    }

    /** MAIL FROM parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH), keywords in upper case. */
    public Map<String, String> mailParams() {
        return mailParams;
    }

    /** The recipients the sink accepted, in order. */
    public List<SinkRecipient> recipients() {
        return recipients;
    }

    /** The accepted recipients' addresses, in order. */
    public List<String> recipientAddresses() {
        return recipients.stream().map(SinkRecipient::address).toList();
    }

    /**
     * The message as received after dot-unstuffing, byte for byte, line ends as the client sent
     * them. Empty when the sink does not retain messages or the message exceeded the size limit.
     */
    public byte[] content() {
        return content.clone();
    }

    /** {@link #content()} decoded as UTF-8. */
    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The message size in octets after dot-unstuffing, counted even when the content is not kept. */
    public long size() {
        return size;
    }

    /** Whether any line of the message was longer than RFC 5321's 998 octets (CRLF not counted). */
    public boolean longLines() {
        return longLines;
    }

    /** Whether the message data was received completely (the final dot arrived). */
    public boolean dataReceived() {
        return dataReceived;
    }

    /** The reply to the final dot, or null when the transaction ended without one. */
    public SmtpReply finalReply() {
        return finalReply;
    }

    /** The code of {@link #finalReply()}, or 0 when there was none. */
    public int finalCode() {
        return finalReply == null ? 0 : finalReply.code();
    }

    /** Whether the sink took the message: its final reply was 250. */
    public boolean delivered() {
        return finalCode() == 250;
    }

    public Instant started() {
        return started;
    }

    /** When the transaction ended; null in a snapshot taken while it was still going on. */
    public Instant finished() {
        return finished;
    }

    @Override
    public String toString() {
        return "transaction " + connectionIndex + "/" + index + " from <" + mailFrom + "> to "
                + recipientAddresses() + ", " + size + " octets, " + (finalReply == null ? "no final reply" : finalReply);
    }
}
