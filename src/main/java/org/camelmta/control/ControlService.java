package org.camelmta.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.PlanResult;
import org.camelmta.events.EventLog;
import org.camelmta.retry.DeferredQueue;
import org.camelmta.retry.ReleaseScheduler;
import org.camelmta.retry.Releaser;
import org.camelmta.retry.RetryPolicy;
import org.camelmta.retry.Suspensions;
import org.camelmta.submit.MtaHeaders;

/**
 * The operator's verbs (Postfix's postqueue/postsuper, Exim's -bp/-M/-R, KumoMTA's
 * suspend/bounce), carried out on the engine's own queues and state. The JMS control route
 * ({@link ControlProcessor}) calls it; so can code embedding camel-mta.
 */
public final class ControlService {

    /** The queue the operator's "bounce now" moves mail to, for the bounce route to handle. */
    public static final String CANCEL_QUEUE = "mta.bounce";
    private static final List<String> QUEUES = List.of("mta.submit", "mta.delivery", "mta.deferred", "mta.invalid",
            "mta.dlq");

    /** Destinations in a {@code queue} reply unless the request asks for fewer. */
    public static final int DEFAULT_PAGE = 100;
    /** Most destinations in one {@code queue} reply. */
    public static final int MAX_PAGE = 1_000;
    /** Recipients of a waiting copy that {@code show} lists. */
    public static final int SHOWN_RECIPIENTS = 100;
    /** Latest events of a message that {@code show} lists. */
    public static final int SHOWN_EVENTS = 200;

    private final DeferredQueue deferred;
    private final Releaser releaser;
    private final ReleaseScheduler scheduler;
    private final RetryPolicy policy;
    private final MxResolver resolver;
    private final EventLog eventLog;

    public ControlService(Releaser releaser, ReleaseScheduler scheduler, RetryPolicy policy, MxResolver resolver,
                          EventLog eventLog) {
        this.deferred = releaser.queue();
        this.releaser = releaser;
        this.scheduler = scheduler;
        this.policy = policy;
        this.resolver = resolver;
        this.eventLog = eventLog;
    }

    /** Thrown when what a verb names does not exist. */
    public static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** All destinations, the first page ({@link #queue(String, int, int)}). */
    public ControlResults.QueueListing queue(String onlyDomain) {
        return queue(onlyDomain, 0, DEFAULT_PAGE);
    }

    /**
     * One page of deferred mail by destination, the busiest first. The number of messages per
     * destination is counted by the broker over the whole queue ({@code countMessages} grouped
     * by domain: only the counts cross the wire); the details (recipients, oldest, next
     * attempt, last error) come from the messages the broker lets management browse
     * ({@code management-browse-page-size}, 200 by default), so they describe the oldest
     * messages of a long queue.
     *
     * @param offset destinations to skip
     * @param limit  most destinations in the reply, 1 to {@link #MAX_PAGE}
     */
    public ControlResults.QueueListing queue(String onlyDomain, int offset, int limit) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + " and offset not negative");
        }
        String filter = DeferredQueue.filter(onlyDomain, null);
        Map<String, Long> counts = new TreeMap<>(deferred.countBy(filter, MtaHeaders.DOMAIN));
        Map<String, Suspensions.Suspension> suspended = releaser.suspensions().all();
        suspended.keySet().forEach(d -> {
            if (onlyDomain == null || onlyDomain.equals(d)) {
                counts.putIfAbsent(d, 0L);
            }
        });
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(counts.entrySet());
        ordered.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Map.Entry<String, Long>> page = ordered.subList(Math.min(offset, ordered.size()),
                Math.min(ordered.size(), offset + limit));
        Map<String, Acc> details = new TreeMap<>();
        if (!page.isEmpty()) {
            for (Map<String, Object> m : deferred.list(filter)) {
                details.computeIfAbsent(String.valueOf(m.get(MtaHeaders.DOMAIN)), d -> new Acc()).add(m);
            }
        }
        List<ControlResults.Destination> destinations = new ArrayList<>(page.size());
        for (Map.Entry<String, Long> e : page) {
            String domain = e.getKey();
            Acc acc = details.getOrDefault(domain, new Acc());
            Suspensions.Suspension s = suspended.get(domain);
            destinations.add(new ControlResults.Destination(domain, e.getValue(), acc.recipients, iso(acc.oldest),
                    iso(acc.next), acc.lastError, s != null, s == null ? null : s.since().toString(),
                    s == null ? null : s.reason()));
        }
        Map<String, Long> depths = new LinkedHashMap<>();
        QUEUES.forEach(q -> depths.put(q, deferred.depth(q)));
        return new ControlResults.QueueListing(destinations, depths, ordered.size(), offset, limit);
    }

    /**
     * One message: its waiting copies (each with its first {@link #SHOWN_RECIPIENTS} recipients)
     * and its latest {@link #SHOWN_EVENTS} events, so that the reply stays small for a message to
     * a thousand recipients retried for days.
     */
    public ControlResults.MessageDetail show(String id) {
        List<ControlResults.ParkedCopy> parked = new ArrayList<>();
        for (Map<String, Object> m : deferred.list(DeferredQueue.messageFilter(id))) {
            String rcpts = str(m.get(MtaHeaders.RECIPIENTS));
            List<String> all = rcpts == null ? List.of() : List.of(rcpts.split(","));
            parked.add(new ControlResults.ParkedCopy(str(m.get(MtaHeaders.DOMAIN)), str(m.get(MtaHeaders.SENDER)),
                    all.subList(0, Math.min(all.size(), SHOWN_RECIPIENTS)), str(m.get(MtaHeaders.MESSAGE_ID)),
                    iso(num(m.get(MtaHeaders.SUBMITTED))), (int) Optional.ofNullable(num(m.get(MtaHeaders.ATTEMPT))).orElse(0L).longValue(),
                    iso(num(m.get(MtaHeaders.FIRST_FAILURE))), iso(num(m.get(MtaHeaders.NEXT_ATTEMPT))),
                    str(m.get(MtaHeaders.LAST_ERROR)), all.size()));
        }
        MessageHistory history = MessageHistory.latest(eventLog.files(), id, SHOWN_EVENTS);
        if (parked.isEmpty() && history.events().isEmpty()) {
            throw new NotFound("no message " + id + " is waiting or in the delivery log");
        }
        return new ControlResults.MessageDetail(id, parked, history.events(), history.total());
    }

    /** Tries now, whatever the retry times say: hints of the destinations concerned are forgotten. */
    public ControlResults.Affected flush(ControlRequest r) {
        if (r.isAll()) {
            deferred.countBy(DeferredQueue.filter(null, null), MtaHeaders.DOMAIN).keySet().forEach(this::forget);
            return new ControlResults.Affected(releaser.flushAll());
        }
        if (r.id() != null) {
            List<Map<String, Object>> copies = deferred.list(DeferredQueue.messageFilter(r.id()));
            if (copies.isEmpty()) {
                throw new NotFound("no message " + r.id() + " is waiting");
            }
            copies.forEach(m -> forget(str(m.get(MtaHeaders.DOMAIN))));
            return new ControlResults.Affected(releaser.flushMessage(r.id()));
        }
        String domain = requireDomain(r);
        forget(domain);
        return new ControlResults.Affected(releaser.flushDomain(domain));
    }

    /** Deletes waiting mail without a notice (postsuper -d). */
    public ControlResults.Affected delete(ControlRequest r) {
        int n = deferred.remove(selection(r));
        if (n == 0) {
            throw new NotFound("nothing waiting matches");
        }
        return new ControlResults.Affected(n);
    }

    /** Gives up on waiting mail now: each recipient bounced, the sender notified. */
    public ControlResults.Affected bounce(ControlRequest r) {
        int n = deferred.move(selection(r), CANCEL_QUEUE, -1);
        if (n == 0) {
            throw new NotFound("nothing waiting matches");
        }
        return new ControlResults.Affected(n);
    }

    public ControlResults.SuspensionState suspend(ControlRequest r) {
        Suspensions.Suspension s = releaser.suspensions().suspend(requireDomain(r), r.reason());
        return new ControlResults.SuspensionState(s.domain(), true, s.since().toString(), s.reason());
    }

    /** Resumes a destination: what fell due while it was suspended goes at once, the rest keeps its times. */
    public ControlResults.SuspensionState resume(ControlRequest r) {
        String domain = requireDomain(r);
        if (!releaser.suspensions().resume(domain)) {
            throw new NotFound(domain + " is not suspended");
        }
        scheduler.releaseNow(domain);
        return new ControlResults.SuspensionState(domain, false, null, null);
    }

    private void forget(String domain) {
        if (domain == null) {
            return;
        }
        PlanResult plan = resolver.plan(domain);
        List<Hop> hops = plan instanceof ConnectionPlan p ? p.hops() : List.of();
        policy.forgetDestination(domain, hops);
    }

    private static String selection(ControlRequest r) {
        if (r.id() != null) {
            return DeferredQueue.messageFilter(r.id());
        }
        return DeferredQueue.filter(requireDomain(r), null);
    }

    private static String requireDomain(ControlRequest r) {
        if (r.domain() == null || r.domain().isBlank()) {
            throw new IllegalArgumentException(r.verb() + " needs a destination domain");
        }
        return r.domain().strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Per-destination totals of a listing. */
    private static final class Acc {
        long messages;
        long recipients;
        Long oldest;
        Long next;
        Long lastFailureAt;
        String lastError;

        void add(Map<String, Object> m) {
            messages++;
            String rcpts = str(m.get(MtaHeaders.RECIPIENTS));
            recipients += rcpts == null ? 0 : rcpts.split(",").length;
            oldest = min(oldest, num(m.get(MtaHeaders.SUBMITTED)));
            next = min(next, num(m.get(MtaHeaders.NEXT_ATTEMPT)));
            Long seen = num(m.get(MtaHeaders.NEXT_ATTEMPT));
            if (lastError == null || (seen != null && lastFailureAt != null && seen > lastFailureAt)) {
                lastError = str(m.get(MtaHeaders.LAST_ERROR));
                lastFailureAt = seen;
            }
        }

        private static Long min(Long a, Long b) {
            return a == null ? b : b == null ? a : Math.min(a, b);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Long num(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
