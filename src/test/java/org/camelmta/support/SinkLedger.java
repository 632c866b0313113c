package org.camelmta.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.camelmta.loopback.SinkTransaction;

/**
 * What a sink accepted, counted per recipient: give it to {@code SinkBuilder.onMessage} and
 * submit one recipient per message, and a recipient is a message. Counts only what the sink
 * answered 250, and keeps counting whatever happens to the engine, so a test can tell lost
 * mail (never accepted) from duplicates (accepted more than once).
 */
public final class SinkLedger implements Consumer<SinkTransaction> {

    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    @Override
    public void accept(SinkTransaction t) {
        if (t.delivered()) {
            for (String rcpt : t.recipientAddresses()) {
                accepted.computeIfAbsent(rcpt, r -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
            }
        }
    }

    /** Recipients accepted at least once. */
    public int distinct() {
        return accepted.size();
    }

    /** Acceptances beyond the first, over all recipients. */
    public int duplicates() {
        return total.get() - accepted.size();
    }

    /** How often {@code recipient} was accepted. */
    public int count(String recipient) {
        AtomicInteger n = accepted.get(recipient);
        return n == null ? 0 : n.get();
    }

    /** Which of {@code prefix0@domain .. prefix<count-1>@domain} were never accepted (at most 10 named). */
    public String missing(String prefix, String domain, int count) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int i = 0; i < count && n < 10; i++) {
            String rcpt = prefix + i + "@" + domain;
            if (!accepted.containsKey(rcpt)) {
                sb.append(n++ == 0 ? "" : ", ").append(rcpt);
            }
        }
        return sb.toString();
    }
}
