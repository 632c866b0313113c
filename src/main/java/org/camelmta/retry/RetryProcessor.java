package org.camelmta.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelmta.component.SmtpDeliveryConstants;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.PlanResult;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.submit.DeliveryHeaders;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.MtaHeaders;

/**
 * The delivery route's retry steps ({@code mtaRetry}), in the order the route calls them:
 * {@link #gateRecipients} (recipients whose retry time has not come are held back),
 * {@link #gateHosts} (hosts whose retry time has not come are left out of the plan; when none
 * is left, nobody connects), {@link #decide} (hints updated, every recipient delivered,
 * bounced, deferred or expired, the message prepared for {@code mta.deferred}) and
 * {@link #schedule} (Quartz told when to release it).
 *
 * <p>Two more things are checked before connecting: recipients a server already accepted in an
 * attempt whose transaction never committed are not sent again ({@link DeliveredRecord}), and a
 * destination at its share of the delivery threads is not tried now ({@link DeliveryShares}).
 * After the attempt, only durable state may fail the transaction: retry hints, the delivered
 * record and Quartz are advisory ({@link AdvisoryFailures}).
 */
public class RetryProcessor {

    /** Exchange property: whether any recipient is to be tried now. */
    public static final String PROCEED = "mtaProceed";
    /** Exchange property: the {@code List<RecipientOutcome>} of this attempt. */
    public static final String OUTCOMES = "mtaOutcomes";
    /** Exchange property: whether the message must be parked on {@code mta.deferred}. */
    public static final String DEFERRED = "mtaDeferred";
    /** Exchange property: which attempt this was, from 1 (a message only held back does not count one). */
    public static final String ATTEMPT = "mtaThisAttempt";
    /** Exchange property: the whole envelope as the message arrived. */
    public static final String ENVELOPE = "mtaEnvelope";

    private static final String CONTEXT = "mtaRetryContext";
    private static final String HELD = "mtaHeld";
    private static final String GATE = "mtaHostGate";
    private static final String ALREADY = "mtaAlreadyDelivered";
    private static final String SLOT = "mtaShareSlot";
    /** Between queues: how many times in a row the message was held for its destination's share. */
    public static final String SHARE_HOLDS = "mtaShareHolds";
    /** The reason of a recipient held because its destination was at its share (no event is made for it). */
    public static final String HELD_FOR_SHARE = "held: destination at its share of delivery capacity";
    /** The reason of a recipient a server accepted in an attempt that did not commit. */
    public static final String DELIVERED_BEFORE = "delivered in an earlier attempt";
    private static final Duration SHARE_WAIT = Duration.ofSeconds(1);
    private static final Duration SHARE_WAIT_MAX = Duration.ofSeconds(5);
    /** When a deferred recipient has no time of its own (nothing to wait for), try again this soon. */
    private static final Duration SOON = Duration.ofMinutes(1);

    private final RetryPolicy policy;
    private final ReleaseScheduler scheduler;
    private final Releaser releaser;
    private final Suspensions suspensions;
    private final Clock clock;
    private final AdvisoryFailures failures;
    private final DeliveredRecord delivered;
    private final DeliveryShares shares;

    public RetryProcessor(RetryPolicy policy, ReleaseScheduler scheduler, Releaser releaser, Clock clock) {
        this(policy, scheduler, releaser, clock, new AdvisoryFailures(), null, new DeliveryShares(Integer.MAX_VALUE,
                Duration.ZERO));
    }

    /**
     * @param delivered the delivered record, or null for none
     * @param shares    the destinations' shares of the delivery threads
     */
    public RetryProcessor(RetryPolicy policy, ReleaseScheduler scheduler, Releaser releaser, Clock clock,
                          AdvisoryFailures failures, DeliveredRecord delivered, DeliveryShares shares) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.releaser = releaser;
        this.suspensions = releaser.suspensions();
        this.clock = clock;
        this.failures = failures;
        this.delivered = delivered;
        this.shares = shares;
    }

    public void gateRecipients(Exchange exchange) {
        Message m = exchange.getMessage();
        Envelope envelope = DeliveryHeaders.read(m);
        RetryContext ctx = new RetryContext(envelope.id(), envelope.domain(), envelope.sender(), envelope.submittedAt());
        List<RecipientDecision> already = deliveredBefore(m, envelope);
        exchange.setProperty(ENVELOPE, envelope);
        exchange.setProperty(CONTEXT, ctx);
        exchange.setProperty(ALREADY, already);
        List<MailAddress> pending = envelope.recipients().stream()
                .filter(r -> already.stream().noneMatch(d -> d.recipient().equals(r))).toList();
        if (pending.isEmpty()) {
            exchange.setProperty(HELD, new ArrayList<>());
            exchange.setProperty(PROCEED, false);
            return;
        }
        Envelope waiting = envelope.withRecipients(pending);
        RecipientGate gate = suspensions.find(envelope.domain())
                .map(s -> suspended(s, waiting, m.getHeader(MtaHeaders.NEXT_ATTEMPT, Long.class)))
                .orElseGet(() -> policy.checkRecipients(ctx, pending, clock.instant()));
        exchange.setProperty(HELD, new ArrayList<>(gate.held()));
        exchange.setProperty(PROCEED, !gate.proceed().isEmpty());
        if (!gate.proceed().isEmpty()) {
            m.setHeader(MtaHeaders.RECIPIENTS, envelope.withRecipients(gate.proceed()).recipientList());
        }
    }

    @SuppressWarnings("unchecked")
    public void gateHosts(Exchange exchange) {
        Message m = exchange.getMessage();
        PlanResult plan = m.getHeader(SmtpDeliveryConstants.CONNECTION_PLAN, PlanResult.class);
        if (!(plan instanceof ConnectionPlan p)) {
            return; // a failed lookup: smtp-delivery reports it for every recipient
        }
        RetryContext ctx = exchange.getProperty(CONTEXT, RetryContext.class);
        HostGate gate = policy.checkBeforeConnect(ctx, p.hops(), clock.instant());
        exchange.setProperty(GATE, gate);
        List<MailAddress> trying = Envelope.parseRecipients(m.getHeader(MtaHeaders.RECIPIENTS, String.class));
        if (gate.verdict() != HostGate.Verdict.PROCEED) {
            exchange.getProperty(HELD, List.class).addAll(gate.decisionsFor(trying));
            exchange.setProperty(PROCEED, false);
            return;
        }
        var slot = shares.tryAcquire(destination(p));
        if (slot.isEmpty()) {
            exchange.getProperty(HELD, List.class).addAll(heldForShare(m, trying));
            exchange.setProperty(PROCEED, false);
            return;
        }
        exchange.setProperty(SLOT, slot.get());
        // Released when the attempt is over (decide), and in any case when the exchange is.
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                slot.get().release();
            }
        });
        m.setHeader(SmtpDeliveryConstants.CONNECTION_PLAN, new ConnectionPlan(p.domain(), gate.hops()));
    }

    /** The destination whose share an attempt counts against: the hosts its mail goes to. */
    static String destination(ConnectionPlan plan) {
        return plan.hops().stream().map(h -> h.host().toLowerCase(java.util.Locale.ROOT)).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** Held, untried, for a few seconds (doubling while the destination stays full, with jitter). */
    private List<RecipientDecision> heldForShare(Message m, List<MailAddress> trying) {
        int holds = m.getHeader(SHARE_HOLDS, 0, Integer.class);
        long wait = Math.min(SHARE_WAIT_MAX.toMillis(), SHARE_WAIT.toMillis() << Math.min(holds, 5));
        wait = wait / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        Instant next = clock.instant().plusMillis(wait);
        m.setHeader(SHARE_HOLDS, holds + 1);
        org.camelmta.smtp.SmtpReply reply = org.camelmta.smtp.SmtpReply.local(451, "4.4.5",
                "destination at its share of delivery capacity (" + shares.share() + " attempts at once); held");
        return trying.stream().map(r -> new RecipientDecision(r, RecipientDecision.Outcome.DEFERRED, reply, next,
                HELD_FOR_SHARE)).toList();
    }

    /** The recipients a server accepted in an attempt of this message that did not commit. */
    private List<RecipientDecision> deliveredBefore(Message m, Envelope envelope) {
        if (delivered == null || !delivered.mayHaveRecord(redelivered(m), envelope.submittedAt())) {
            return List.of();
        }
        List<RecipientDecision> found = new ArrayList<>();
        delivered.find(envelope.id()).forEach((rcpt, reply) -> {
            if (envelope.recipients().contains(rcpt)) {
                found.add(new RecipientDecision(rcpt, RecipientDecision.Outcome.DELIVERED, reply, null, DELIVERED_BEFORE));
            }
        });
        return found;
    }

    private static boolean redelivered(Message m) {
        Integer count = m.getHeader("JMSXDeliveryCount", Integer.class);
        return Boolean.TRUE.equals(m.getHeader("JMSRedelivered", Boolean.class)) || count != null && count > 1;
    }

    @SuppressWarnings("unchecked")
    public void decide(Exchange exchange) {
        Message m = exchange.getMessage();
        Envelope envelope = exchange.getProperty(ENVELOPE, Envelope.class);
        RetryContext ctx = exchange.getProperty(CONTEXT, RetryContext.class);
        Instant now = clock.instant();
        DeliveryShares.Slot slot = exchange.getProperty(SLOT, DeliveryShares.Slot.class);
        if (slot != null) {
            slot.release(); // the attempt is over
        }
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (RecipientDecision before : (List<RecipientDecision>) exchange.getProperty(ALREADY, List.of(), List.class)) {
            outcomes.add(new RecipientOutcome(before, null));
        }
        for (RecipientDecision held : (List<RecipientDecision>) exchange.getProperty(HELD, List.class)) {
            outcomes.add(new RecipientOutcome(held, null));
        }
        DeliveryReport report = m.getHeader(SmtpDeliveryConstants.DELIVERY_REPORT, DeliveryReport.class);
        boolean tried = report != null;
        if (tried) {
            // First of all, before anything else can fail: who has the message now.
            if (delivered != null) {
                delivered.record(envelope.id(), report.recipients().stream().filter(RecipientResult::isDelivered).toList());
            }
            m.removeHeader(SHARE_HOLDS);
            Map<MailAddress, RecipientResult> results = new HashMap<>();
            report.recipients().forEach(r -> results.put(r.recipient(), r));
            HostGate gate = exchange.getProperty(GATE, HostGate.class);
            for (RecipientDecision d : policy.afterDelivery(ctx, report, gate, now)) {
                outcomes.add(new RecipientOutcome(d, results.get(d.recipient())));
            }
            if (report.connections().stream().anyMatch(c -> !c.isFailure()) && releaser.answered(envelope.domain())) {
                try {
                    scheduler.releaseNow(envelope.domain()); // the probe got through: the rest may follow
                } catch (RuntimeException e) {
                    failures.failed(AdvisoryFailures.Store.QUARTZ, "release of " + envelope.domain()
                            + " after its probe (the sweep releases it when due)", e);
                }
            }
        }
        int attempt = DeliveryHeaders.attempt(m) + (tried ? 1 : 0);
        exchange.setProperty(OUTCOMES, outcomes);
        exchange.setProperty(ATTEMPT, Math.max(attempt, 1));
        parkDeferred(m, envelope, outcomes, attempt, now);
        exchange.setProperty(DEFERRED, outcomes.stream().anyMatch(o -> o.outcome() == RecipientDecision.Outcome.DEFERRED));
    }

    /**
     * An operator's "bounce now" for a parked message: every pending recipient is bounced with
     * the reason, as the notice and events will say. Its hints are left as they are.
     */
    public void cancel(Exchange exchange) {
        Message m = exchange.getMessage();
        Envelope envelope = DeliveryHeaders.read(m);
        org.camelmta.smtp.SmtpReply reply = org.camelmta.smtp.SmtpReply.local(550, "5.0.0",
                "delivery cancelled by the operator");
        List<RecipientOutcome> outcomes = envelope.recipients().stream()
                .map(r -> new RecipientOutcome(new RecipientDecision(r, RecipientDecision.Outcome.BOUNCED, reply, null,
                        "cancelled"), null)).toList();
        exchange.setProperty(ENVELOPE, envelope);
        exchange.setProperty(OUTCOMES, outcomes);
        exchange.setProperty(ATTEMPT, Math.max(1, DeliveryHeaders.attempt(m)));
        exchange.setProperty(DEFERRED, false);
    }

    /** Asks Quartz to release the parked message at its next attempt time (resuming releases a suspended one). */
    public void schedule(Exchange exchange) {
        Message m = exchange.getMessage();
        String domain = m.getHeader(MtaHeaders.DOMAIN, String.class);
        if (!suspensions.isSuspended(domain)) {
            scheduler.releaseAt(domain, Instant.ofEpochMilli(m.getHeader(MtaHeaders.NEXT_ATTEMPT, Long.class)));
        }
    }

    /**
     * A suspended destination: everyone waits, untried, and keeps the retry time they had, so
     * the suspension neither counts as an attempt nor stretches the schedule.
     */
    private RecipientGate suspended(Suspensions.Suspension s, Envelope envelope, Long nextAttempt) {
        Instant now = clock.instant();
        Instant keep = nextAttempt == null ? now : Instant.ofEpochMilli(nextAttempt);
        org.camelmta.smtp.SmtpReply reply = org.camelmta.smtp.SmtpReply.local(451, "4.3.2",
                "destination " + envelope.domain() + " suspended by the operator since " + s.since() + ": " + s.reason());
        List<RecipientDecision> held = envelope.recipients().stream()
                .map(r -> new RecipientDecision(r, RecipientDecision.Outcome.DEFERRED, reply, keep, "suspended")).toList();
        return new RecipientGate(List.of(), held);
    }

    private void parkDeferred(Message m, Envelope envelope, List<RecipientOutcome> outcomes, int attempt, Instant now) {
        List<MailAddress> deferred = new ArrayList<>();
        Instant next = null;
        String lastError = null;
        boolean failed = false; // a real failure, not only a hold for the destination's share
        for (RecipientOutcome o : outcomes) {
            if (o.outcome() != RecipientDecision.Outcome.DEFERRED) {
                continue;
            }
            deferred.add(o.decision().recipient());
            Instant at = o.decision().nextAttempt() != null ? o.decision().nextAttempt() : now.plus(SOON);
            // (a suspended message keeps a retry time already past: resuming releases it at once)
            next = next == null || at.isBefore(next) ? at : next;
            if (!HELD_FOR_SHARE.equals(o.decision().reason()) || lastError == null) {
                failed |= !HELD_FOR_SHARE.equals(o.decision().reason());
                lastError = o.decision().reply().toString();
            }
        }
        if (deferred.isEmpty()) {
            return;
        }
        Long first = m.getHeader(MtaHeaders.FIRST_FAILURE, Long.class);
        m.setHeader(MtaHeaders.RECIPIENTS, envelope.withRecipients(deferred).recipientList());
        m.setHeader(MtaHeaders.ATTEMPT, attempt);
        if (failed || first != null) {
            m.setHeader(MtaHeaders.FIRST_FAILURE, first != null ? first : now.toEpochMilli());
        }
        m.setHeader(MtaHeaders.NEXT_ATTEMPT, next.toEpochMilli());
        if (failed || m.getHeader(MtaHeaders.LAST_ERROR) == null) {
            m.setHeader(MtaHeaders.LAST_ERROR, lastError);
        }
    }
}
