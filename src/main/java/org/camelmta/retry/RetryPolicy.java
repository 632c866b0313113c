package org.camelmta.retry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.camelmta.dns.Hop;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;

/**
 * What the delivery route asks of retrying, in the order it asks: which recipients may be
 * tried ({@link #checkRecipients}), which hosts may be connected to ({@link #checkBeforeConnect}),
 * and, after the attempt, what becomes of each recipient ({@link #afterDelivery}), with the
 * hints updated on the way. Exim's behaviour throughout (deliver.c's routing retry check,
 * {@code retry_check_address}, the smtp transport's host loop, {@code retry_update}).
 */
public final class RetryPolicy {

    private final RetryRules rules;
    private final RetryHintStore store;
    private final RetrySettings settings;
    private final RetrySchedule schedule;
    private final AttemptRecorder recorder;

    public RetryPolicy(RetryRules rules, RetryHintStore store, RetrySettings settings, RandomGenerator random) {
        this.rules = rules;
        this.store = store;
        this.settings = settings;
        this.schedule = new RetrySchedule(settings);
        this.recorder = new AttemptRecorder(rules, store, settings, schedule, random);
    }

    public RetryRules rules() {
        return rules;
    }

    public RetryHintStore store() {
        return store;
    }

    public RetrySettings settings() {
        return settings;
    }

    /**
     * Before resolving the destination: recipients whose domain hint (a failed lookup) or
     * address hint (a 4xx to RCPT) has a retry time still to come are held back, deferred with
     * "retry time not reached". A domain hint past its cut-off holds nothing back (one more
     * try is made; if it fails, the address times out). An address hint is overridden when the
     * message has waited longer than its rule's last cut-off (Exim's ultimate address timeout).
     */
    public RecipientGate checkRecipients(RetryContext ctx, List<MailAddress> recipients, Instant now) {
        Optional<RetryRecord> domain = fresh(HintKeys.domain(ctx.domain()), now);
        boolean domainBlocks = domain.filter(d -> !d.isDue(now) && !d.expired()).isPresent();
        List<MailAddress> proceed = new ArrayList<>();
        List<RecipientDecision> held = new ArrayList<>();
        for (MailAddress rcpt : recipients) {
            Optional<RetryRecord> address = fresh(addressKey(ctx, rcpt), now);
            boolean addressBlocks = address.filter(a -> !a.isDue(now)).isPresent();
            boolean hold = (domainBlocks || addressBlocks) && (domain.isPresent() || address.isEmpty()
                    || !ultimateTimeout(address.get(), HintScope.ADDRESS, rcpt.toString(), ctx, now));
            if (!hold) {
                proceed.add(rcpt);
                continue;
            }
            RetryRecord blocking = domainBlocks && (!addressBlocks
                    || domain.get().nextTry().isAfter(address.get().nextTry())) ? domain.get() : address.get();
            SmtpReply reply = SmtpReply.local(451, "4.0.0",
                    "retry time not reached (last error: " + blocking.text() + ")");
            held.add(new RecipientDecision(rcpt, RecipientDecision.Outcome.DEFERRED, reply, blocking.nextTry(),
                    "retry time not reached"));
        }
        return new RecipientGate(proceed, held);
    }

    private enum HopState { USABLE, USABLE_EXPIRED, UNUSABLE, UNUSABLE_EXPIRED }

    private record HopStatus(Hop hop, HopState state, RetryRecord record) {
    }

    /**
     * Before connecting: the hops whose host hint (and host+message hint) allow a try now.
     * When none does, DEFER "retry time not reached for any host"; when every host is past its
     * cut-off, BOUNCE with {@code delay_after_cutoff} (the default), or else try the hosts not
     * tried since the message arrived, and BOUNCE if there are none.
     */
    public HostGate checkBeforeConnect(RetryContext ctx, List<Hop> hops, Instant now) {
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("no hops to check for " + ctx.domain());
        }
        List<HopStatus> statuses = hops.stream().map(h -> status(ctx, h, now)).toList();
        List<Hop> usable = hopsIn(statuses, HopState.USABLE, HopState.USABLE_EXPIRED);
        List<Hop> leftOut = hopsIn(statuses, HopState.UNUSABLE, HopState.UNUSABLE_EXPIRED);
        boolean skipped = !hopsIn(statuses, HopState.UNUSABLE).isEmpty();
        Instant leftOutUntil = statuses.stream().filter(s -> leftOut.contains(s.hop()))
                .map(s -> s.record().nextTry()).min(Comparator.naturalOrder()).orElse(null);
        if (!usable.isEmpty()) {
            return new HostGate(HostGate.Verdict.PROCEED, usable, skipped, leftOut, leftOutUntil, null);
        }
        String lastError = " (last error: " + statuses.get(0).record().text() + ")";
        if (skipped) {
            return new HostGate(HostGate.Verdict.DEFER, List.of(), true, leftOut, leftOutUntil,
                    SmtpReply.local(451, "4.4.1", "retry time not reached for any host" + lastError));
        }
        // Every host is past its cut-off and none has reached its retry time.
        if (settings.delayAfterCutoff()) {
            return bounce(leftOut, leftOutUntil,
                    "retry time not reached for any host after a long failure period" + lastError);
        }
        List<Hop> notTriedSinceArrival = statuses.stream()
                .filter(s -> !s.record().lastTry().isAfter(ctx.received())).map(HopStatus::hop).toList();
        if (notTriedSinceArrival.isEmpty()) {
            return bounce(leftOut, leftOutUntil,
                    "all hosts have been failing for a long time and were last tried after this message arrived"
                            + lastError);
        }
        List<Hop> stillLeftOut = leftOut.stream().filter(h -> !notTriedSinceArrival.contains(h)).toList();
        return new HostGate(HostGate.Verdict.PROCEED, notTriedSinceArrival, false, stillLeftOut, null, null);
    }

    private static List<Hop> hopsIn(List<HopStatus> statuses, HopState... states) {
        List<HopState> wanted = List.of(states);
        return statuses.stream().filter(s -> wanted.contains(s.state())).map(HopStatus::hop).toList();
    }

    private static HostGate bounce(List<Hop> leftOut, Instant until, String text) {
        return new HostGate(HostGate.Verdict.BOUNCE, List.of(), false, leftOut, until,
                SmtpReply.local(550, "5.4.7", text));
    }

    private HopStatus status(RetryContext ctx, Hop hop, Instant now) {
        Optional<RetryRecord> host = fresh(HintKeys.host(hop), now);
        if (host.isPresent() && !host.get().isDue(now)) {
            RetryRecord h = host.get();
            if (!h.expired() && ultimateTimeout(h, HintScope.HOST, hop.host(), ctx, now)) {
                return new HopStatus(hop, HopState.USABLE, h);
            }
            return new HopStatus(hop, h.expired() ? HopState.UNUSABLE_EXPIRED : HopState.UNUSABLE, h);
        }
        Optional<RetryRecord> message = fresh(HintKeys.message(hop, ctx.messageId()), now);
        if (message.isPresent() && !message.get().isDue(now)) {
            boolean overridden = ultimateTimeout(message.get(), HintScope.MESSAGE, hop.host(), ctx, now);
            return new HopStatus(hop, overridden ? HopState.USABLE : HopState.UNUSABLE, message.get());
        }
        boolean expired = host.map(RetryRecord::expired).orElse(false);
        return new HopStatus(hop, expired ? HopState.USABLE_EXPIRED : HopState.USABLE, host.orElse(null));
    }

    /**
     * After an attempt: updates the hints (successes delete them, failures write them) and
     * decides each recipient. A recipient times out when every hint its failure wrote has
     * timed out, unless the gate skipped hosts whose retry time had not come; a temporary error
     * that no rule covers times out at once (bounced as permanent).
     *
     * @param gate the gate this attempt went through (for {@link HostGate#retrySkipped()}); null
     *             when the attempt never got as far as hosts (a failed lookup)
     */
    public List<RecipientDecision> afterDelivery(RetryContext ctx, DeliveryReport report, HostGate gate, Instant now) {
        return recorder.record(ctx, report, gate, now);
    }

    /**
     * Whether every one of these hops has a current host hint: the destination has been failing
     * at the connection level, so releasing its waiting mail should start with one message (a
     * probe) rather than all of it.
     */
    public boolean hostsFailing(List<Hop> hops, Instant now) {
        return !hops.isEmpty() && hops.stream().allMatch(h -> fresh(HintKeys.host(h), now).isPresent());
    }

    /** Whether the domain's lookup has been failing (a current domain hint). */
    public boolean lookupFailing(String domain, Instant now) {
        return fresh(HintKeys.domain(domain), now).isPresent();
    }

    /**
     * Forgets what is known of a destination's failures (an operator's flush: "try now"): its
     * lookup hint, its hosts' hints (and their host+message hints), and the address hints of
     * its recipients. Returns how many hints were deleted.
     */
    public int forgetDestination(String domain, List<Hop> hops) {
        String lookup = HintKeys.domain(domain);
        String at = "@" + domain.toLowerCase(java.util.Locale.ROOT);
        List<String> hostKeys = hops.stream().map(HintKeys::host).toList();
        int deleted = 0;
        for (RetryRecord r : store.all()) {
            String key = r.key();
            boolean address = key.startsWith("R:") && (key.endsWith(at) || key.contains(at + ":"));
            boolean host = hostKeys.stream().anyMatch(h -> key.equals(h) || key.startsWith(h + ":"));
            if (key.equals(lookup) || address || host) {
                store.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes hints older than {@code retry_data_expire}; returns how many. */
    public int purge(Instant now) {
        return store.purgeOlderThan(now.minus(settings.dataExpire()));
    }

    private Optional<RetryRecord> fresh(String key, Instant now) {
        return schedule.fresh(store.get(key), now);
    }

    private String addressKey(RetryContext ctx, MailAddress rcpt) {
        return HintKeys.address(rcpt, ctx.sender(), settings.addressIncludeSender());
    }

    // Exim's retry_ultimate_address_timeout: has this message waited longer than the last
    // cut-off of the rule for the hint's error? No rule counts as yes.
    private boolean ultimateTimeout(RetryRecord record, HintScope scope, String key, RetryContext ctx, Instant now) {
        RetryError error = RetryError.fromName(record.error(), scope);
        return rules.find(key, ctx.domain(), error, ctx.sender())
                .filter(rule -> !rule.algorithms().isEmpty())
                .map(rule -> now.getEpochSecond() - ctx.received().getEpochSecond() > rule.finalCutoff().getSeconds())
                .orElse(true);
    }
}
