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
    /** When a deferred recipient has no time of its own (nothing to wait for), try again this soon. */
    private static final Duration SOON = Duration.ofMinutes(1);

    private final RetryPolicy policy;
    private final ReleaseScheduler scheduler;
    private final Releaser releaser;
    private final Suspensions suspensions;
    private final Clock clock;

    public RetryProcessor(RetryPolicy policy, ReleaseScheduler scheduler, Releaser releaser, Clock clock) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.releaser = releaser;
        this.suspensions = releaser.suspensions();
        this.clock = clock;
    }

    public void gateRecipients(Exchange exchange) {
        Message m = exchange.getMessage();
        Envelope envelope = DeliveryHeaders.read(m);
        RetryContext ctx = new RetryContext(envelope.id(), envelope.domain(), envelope.sender(), envelope.submittedAt());
        RecipientGate gate = suspensions.find(envelope.domain())
                .map(s -> suspended(s, envelope, m.getHeader(MtaHeaders.NEXT_ATTEMPT, Long.class)))
                .orElseGet(() -> policy.checkRecipients(ctx, envelope.recipients(), clock.instant()));
        exchange.setProperty(ENVELOPE, envelope);
        exchange.setProperty(CONTEXT, ctx);
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
        if (gate.verdict() == HostGate.Verdict.PROCEED) {
            m.setHeader(SmtpDeliveryConstants.CONNECTION_PLAN, new ConnectionPlan(p.domain(), gate.hops()));
        } else {
            List<MailAddress> trying = Envelope.parseRecipients(m.getHeader(MtaHeaders.RECIPIENTS, String.class));
            exchange.getProperty(HELD, List.class).addAll(gate.decisionsFor(trying));
            exchange.setProperty(PROCEED, false);
        }
    }

    @SuppressWarnings("unchecked")
    public void decide(Exchange exchange) {
        Message m = exchange.getMessage();
        Envelope envelope = exchange.getProperty(ENVELOPE, Envelope.class);
        RetryContext ctx = exchange.getProperty(CONTEXT, RetryContext.class);
        Instant now = clock.instant();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (RecipientDecision held : (List<RecipientDecision>) exchange.getProperty(HELD, List.class)) {
            outcomes.add(new RecipientOutcome(held, null));
        }
        DeliveryReport report = m.getHeader(SmtpDeliveryConstants.DELIVERY_REPORT, DeliveryReport.class);
        boolean tried = report != null;
        if (tried) {
            Map<MailAddress, RecipientResult> results = new HashMap<>();
            report.recipients().forEach(r -> results.put(r.recipient(), r));
            HostGate gate = exchange.getProperty(GATE, HostGate.class);
            for (RecipientDecision d : policy.afterDelivery(ctx, report, gate, now)) {
                outcomes.add(new RecipientOutcome(d, results.get(d.recipient())));
            }
            if (report.connections().stream().anyMatch(c -> !c.isFailure()) && releaser.answered(envelope.domain())) {
                scheduler.releaseNow(envelope.domain()); // the probe got through: the rest may follow
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
        for (RecipientOutcome o : outcomes) {
            if (o.outcome() != RecipientDecision.Outcome.DEFERRED) {
                continue;
            }
            deferred.add(o.decision().recipient());
            Instant at = o.decision().nextAttempt() != null ? o.decision().nextAttempt() : now.plus(SOON);
            // (a suspended message keeps a retry time already past: resuming releases it at once)
            next = next == null || at.isBefore(next) ? at : next;
            lastError = o.decision().reply().toString();
        }
        if (deferred.isEmpty()) {
            return;
        }
        Long first = m.getHeader(MtaHeaders.FIRST_FAILURE, Long.class);
        m.setHeader(MtaHeaders.RECIPIENTS, envelope.withRecipients(deferred).recipientList());
        m.setHeader(MtaHeaders.ATTEMPT, attempt);
        m.setHeader(MtaHeaders.FIRST_FAILURE, first != null ? first : now.toEpochMilli());
        m.setHeader(MtaHeaders.NEXT_ATTEMPT, next.toEpochMilli());
        m.setHeader(MtaHeaders.LAST_ERROR, lastError);
    }
}
