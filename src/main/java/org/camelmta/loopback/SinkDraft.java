package org.camelmta.loopback;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camelmta.smtp.SmtpReply;

/**
 * The transaction a connection is building, from MAIL to the reply after the final dot.
 * Confined to its connection's thread; {@link #snapshot} and {@link #finish} turn it into the
 * immutable {@link SinkTransaction} that others see.
 */
final class SinkDraft {

    static final byte[] NO_CONTENT = new byte[0];

    final int connectionIndex;
    final int index;
    final InetSocketAddress client;
    final String heloName;
    final boolean tls;
    final String mailFrom;
    final Map<String, String> mailParams;
    final List<SinkRecipient> recipients = new ArrayList<>();
    final Instant started = Instant.now();
    byte[] content = NO_CONTENT;
    long size;
    boolean longLines;
    /** Whether the message data has been read (the DATA phase ended with the final dot). */
    boolean dataReceived;

    SinkDraft(SinkConnection connection, int index, String mailFrom, Map<String, String> mailParams) {
        this.connectionIndex = connection.index();
        this.index = index;
        this.client = connection.remote();
        this.heloName = connection.heloName();
        this.tls = connection.tls();
        this.mailFrom = mailFrom;
        this.mailParams = mailParams;
    }

    /** The transaction so far, for a behaviour deciding mid-transaction. */
    SinkTransaction snapshot() {
        return new SinkTransaction(this, null, null);
    }

    /** The transaction as it ended: with the reply to the final dot, or null when it was abandoned. */
    SinkTransaction finish(SmtpReply finalReply) {
        return new SinkTransaction(this, finalReply, Instant.now());
    }
}
