package org.camelmta.retry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.camelmta.smtp.ConnectionAttempt;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.submit.MailAddress;

/**
 * Exim's end-of-delivery retry processing for one attempt: turns a {@link DeliveryReport} into
 * retry items (host, host+message, address, domain), deletes the hints successes clear, writes
 * the hints failures call for, and decides each recipient from the items that concern it.
 */
final class AttemptRecorder {

    /** A hint to write: its key, the error, and what the rule lookup needs. */
    private record Item(String key, RetryError error, String host, MailAddress recipient) {
    }

    /** What writing an item gave: the record (null when no rule matched) and whether it timed out. */
    private record Written(RetryRecord record, HintScope scope, boolean timedOut, boolean noRule) {
    }

    private final RetryRules rules;
    private final RetryHintStore store;
    private final RetrySettings settings;
    private final RetrySchedule schedule;
    private final RandomGenerator random;

    AttemptRecorder(RetryRules rules, RetryHintStore store, RetrySettings settings, RetrySchedule schedule,
                    RandomGenerator random) {
        this.rules = rules;
        this.store = store;
        this.settings = settings;
        this.schedule = schedule;
        this.random = random;
    }

    List<RecipientDecision> record(RetryContext ctx, DeliveryReport report, HostGate gate, Instant now) {
        Set<String> deletes = new LinkedHashSet<>();
        Set<String> reusedHosts = new HashSet<>();
        Map<String, Item> hostItems = new LinkedHashMap<>();
        for (ConnectionAttempt c : report.connections()) {
            String key = HintKeys.host(c.hop());
            if (!c.isFailure()) {
                deletes.add(key);
            } else if (c.reused()) {
                // Exim sets no host hint when a reused connection fails: the host was fine a
                // moment ago, and a fresh connection will show whether it still is.
                reusedHosts.add(key);
            } else {
                RetryError e = RetryError.of(c);
                if (e.scope() == HintScope.HOST) {
                    hostItems.put(key, new Item(key, e, c.hop().host(), null));
                }
            }
        }
        List<RecipientResult> results = report.recipients();
        boolean routed = !report.connections().isEmpty() || results.stream().anyMatch(r -> r.phase() != Phase.LOOKUP);
        if (routed) {
            deletes.add(HintKeys.domain(ctx.domain()));
        }

        List<Item> own = new ArrayList<>();
        Map<String, Item> otherItems = new LinkedHashMap<>();
        Set<String> messageErrorHosts = new HashSet<>();
        for (RecipientResult r : results) {
            Item item = null;
            if (r.isDelivered() || r.isPermanentFailure()) {
                deletes.add(addressKey(ctx, r.recipient()));
            } else {
                item = itemFor(ctx, r, hostItems, reusedHosts);
                if (item != null && item.error().scope() == HintScope.MESSAGE) {
                    messageErrorHosts.add(HintKeys.host(r.hop()));
                }
                if (item != null) {
                    otherItems.putIfAbsent(item.key(), item);
                }
            }
            own.add(item);
        }
        boolean complete = results.stream().noneMatch(RecipientResult::isTransientFailure);
        for (ConnectionAttempt c : report.connections()) {
            // A transaction that got through clears the host+message hint; so does the end of the message.
            if (complete || (!c.isFailure() && !messageErrorHosts.contains(HintKeys.host(c.hop())))) {
                deletes.add(HintKeys.message(c.hop(), ctx.messageId()));
            }
        }
        if (complete && gate != null) {
            // Exim leaves these to exim_tidydb; the gate knows them, so clear them now.
            gate.skipped().forEach(h -> deletes.add(HintKeys.message(h, ctx.messageId())));
        }

        Map<String, Written> written = new LinkedHashMap<>();
        hostItems.values().forEach(i -> written.put(i.key(), write(ctx, i, now)));
        otherItems.values().forEach(i -> written.putIfAbsent(i.key(), write(ctx, i, now)));
        deletes.removeAll(written.keySet());
        deletes.forEach(store::delete);

        List<RecipientDecision> decisions = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            decisions.add(decide(results.get(i), own.get(i), hostItems.keySet(), written, gate, now));
        }
        return decisions;
    }

    private Item itemFor(RetryContext ctx, RecipientResult r, Map<String, Item> hostItems, Set<String> reusedHosts) {
        RetryError e = RetryError.of(r);
        switch (e.scope()) {
            case ADDRESS:
                return new Item(addressKey(ctx, r.recipient()), e, null, r.recipient());
            case DOMAIN:
                return new Item(HintKeys.domain(ctx.domain()), e, null, r.recipient());
            case MESSAGE:
                if (r.hop() != null) {
                    return new Item(HintKeys.message(r.hop(), ctx.messageId()), e, r.hop().host(), r.recipient());
                }
                break;
            case HOST:
            default:
                if (r.hop() != null) {
                    // Normally the connection attempt already wrote this host's item.
                    String key = HintKeys.host(r.hop());
                    if (!reusedHosts.contains(key)) {
                        hostItems.putIfAbsent(key, new Item(key, e, r.hop().host(), null));
                    }
                    return null;
                }
                break;
        }
        // A failure with no host to pin it on belongs to the destination as a whole.
        RetryError asDomain = new RetryError(e.kind(), HintScope.DOMAIN, e.fromMx(), e.connect(), e.code(), e.quota(),
                e.mailboxIdle(), e.text());
        return new Item(HintKeys.domain(ctx.domain()), asDomain, null, r.recipient());
    }

    private Written write(RetryContext ctx, Item item, Instant now) {
        HintScope scope = item.error().scope();
        Optional<RetryRule> rule = rules.findFor(item.error(), item.host(), ctx.domain(), item.recipient(),
                ctx.sender());
        if (rule.isEmpty()) {
            return new Written(null, scope, true, true);
        }
        RetryRecord previous = store.get(item.key()).orElse(null);
        RetrySchedule.Update update = schedule.afterFailure(item.key(), previous, rule.get(), item.error(), now,
                ctx.received(), random);
        store.put(update.record());
        return new Written(update.record(), scope, update.timedOut(), false);
    }

    private RecipientDecision decide(RecipientResult r, Item own, Set<String> hostKeys, Map<String, Written> written,
                                     HostGate gate, Instant now) {
        if (r.isDelivered()) {
            return new RecipientDecision(r.recipient(), RecipientDecision.Outcome.DELIVERED, r.reply(), null,
                    r.reply().toString());
        }
        if (r.isPermanentFailure()) {
            return new RecipientDecision(r.recipient(), RecipientDecision.Outcome.BOUNCED, r.reply(), null,
                    r.reply().toString());
        }
        List<Written> mine = new ArrayList<>();
        hostKeys.forEach(k -> mine.add(written.get(k)));
        if (own != null && !hostKeys.contains(own.key())) {
            mine.add(written.get(own.key()));
        }
        boolean skipped = gate != null && gate.retrySkipped();
        if (!mine.isEmpty() && !skipped && mine.stream().allMatch(Written::timedOut)) {
            if (mine.stream().allMatch(Written::noRule)) {
                return new RecipientDecision(r.recipient(), RecipientDecision.Outcome.BOUNCED, r.reply(), null,
                        "no retry rule for this error; temporary failure treated as permanent: " + r.reply());
            }
            return new RecipientDecision(r.recipient(), RecipientDecision.Outcome.EXPIRED, r.reply(), null,
                    "retry timeout exceeded: " + r.reply());
        }
        return new RecipientDecision(r.recipient(), RecipientDecision.Outcome.DEFERRED, r.reply(),
                nextAttempt(mine, gate, now), r.reply().toString());
    }

    // The recipient can go again when some host may be tried (the earliest host or host+message
    // hint, or a host the gate skipped) and its own address or domain hint allows it.
    private static Instant nextAttempt(List<Written> mine, HostGate gate, Instant now) {
        List<Instant> hostTimes = new ArrayList<>();
        List<Instant> ownTimes = new ArrayList<>();
        for (Written w : mine) {
            if (w.record() != null && w.record().nextTry().isAfter(now)) {
                (w.scope().isHostBased() ? hostTimes : ownTimes).add(w.record().nextTry());
            }
        }
        if (gate != null && gate.retrySkipped() && gate.skippedUntil() != null && gate.skippedUntil().isAfter(now)) {
            hostTimes.add(gate.skippedUntil());
        }
        Instant host = hostTimes.stream().min(Comparator.naturalOrder()).orElse(null);
        Instant own = ownTimes.stream().max(Comparator.naturalOrder()).orElse(null);
        if (host == null) {
            return own == null ? now : own;
        }
        return own == null || host.isAfter(own) ? host : own;
    }

    private String addressKey(RetryContext ctx, MailAddress rcpt) {
        return HintKeys.address(rcpt, ctx.sender(), settings.addressIncludeSender());
    }
}
