package org.camelmta.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.PlanResult;
import org.camelmta.events.DeliveryEvent;
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

    public ControlResults.QueueListing queue(String onlyDomain) {
        String filter = onlyDomain == null ? null : DeferredQueue.filter(onlyDomain, null);
        Map<String, Acc> byDomain = new TreeMap<>();
        for (Map<String, Object> m : deferred.list(filter)) {
            String domain = str(m.get(MtaHeaders.DOMAIN));
            byDomain.computeIfAbsent(domain == null ? "(none)" : domain, d -> new Acc()).add(m);
        }
        Map<String, Suspensions.Suspension> suspended = releaser.suspensions().all();
        suspended.keySet().forEach(d -> {
            if (onlyDomain == null || onlyDomain.equals(d)) {
                byDomain.computeIfAbsent(d, x -> new Acc());
            }
        });
        List<ControlResults.Destination> destinations = new ArrayList<>();
        byDomain.forEach((domain, acc) -> {
            Suspensions.Suspension s = suspended.get(domain);
            destinations.add(new ControlResults.Destination(domain, acc.messages, acc.recipients, iso(acc.oldest),
                    iso(acc.next), acc.lastError, s != null, s == null ? null : s.since().toString(),
                    s == null ? null : s.reason()));
        });
        destinations.sort(Comparator.comparingLong(ControlResults.Destination::messages).reversed()
                .thenComparing(ControlResults.Destination::domain));
        Map<String, Long> depths = new LinkedHashMap<>();
        QUEUES.forEach(q -> depths.put(q, deferred.depth(q)));
        return new ControlResults.QueueListing(destinations, depths);
    }

    public ControlResults.MessageDetail show(String id) {
        List<ControlResults.ParkedCopy> parked = new ArrayList<>();
        for (Map<String, Object> m : deferred.list(DeferredQueue.messageFilter(id))) {
            parked.add(new ControlResults.ParkedCopy(str(m.get(MtaHeaders.DOMAIN)), str(m.get(MtaHeaders.SENDER)),
                    List.of(str(m.get(MtaHeaders.RECIPIENTS)).split(",")), str(m.get(MtaHeaders.MESSAGE_ID)),
                    iso(num(m.get(MtaHeaders.SUBMITTED))), (int) Optional.ofNullable(num(m.get(MtaHeaders.ATTEMPT))).orElse(0L).longValue(),
                    iso(num(m.get(MtaHeaders.FIRST_FAILURE))), iso(num(m.get(MtaHeaders.NEXT_ATTEMPT))),
                    str(m.get(MtaHeaders.LAST_ERROR))));
        }
        List<DeliveryEvent> history = history(id);
        if (parked.isEmpty() && history.isEmpty()) {
            throw new NotFound("no message " + id + " is waiting or in the delivery log");
        }
        return new ControlResults.MessageDetail(id, parked, history);
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

    private List<DeliveryEvent> history(String id) {
        String needle = "\"id\":\"" + id + "\"";
        List<DeliveryEvent> events = new ArrayList<>();
        for (Path file : eventLog.files()) {
            try (Stream<String> lines = Files.lines(file)) {
                lines.filter(l -> l.contains(needle)).map(EventLog::fromJson).forEach(events::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the delivery log " + file, e);
            }
        }
        events.sort(Comparator.comparing(DeliveryEvent::timestamp));
        return events;
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
