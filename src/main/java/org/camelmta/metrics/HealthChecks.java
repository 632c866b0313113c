package org.camelmta.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness. Liveness: the Camel context is started. Readiness: that, every route
 * started, the broker reachable and DNS answering. The broker and DNS are checked in the
 * background every {@code interval} (and the queue depths read then, on a thread of their
 * own), so a probe or a scrape never waits on the network: it reads the last results. A result
 * older than {@code staleAfter} (a check that hangs) counts as a failure.
 */
public final class HealthChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final CamelContext context;
    private final BrokerWatch broker;
    private final DnsProbe dns;
    private final Duration interval;
    private final Duration staleAfter;
    private final Clock clock;
    private volatile CheckResult brokerResult;
    private volatile CheckResult dnsResult;
    private ScheduledExecutorService checker;

    /**
     * @param dns        null when DNS is not checked
     * @param interval   the pause between checks
     * @param staleAfter how old the last result may be before it no longer counts
     */
    public HealthChecks(CamelContext context, BrokerWatch broker, DnsProbe dns, Duration interval, Duration staleAfter,
                        Clock clock) {
        this.context = context;
        this.broker = broker;
        this.dns = dns;
        this.interval = interval;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** A report: up when every check is. */
    public record Report(boolean up, Map<String, CheckResult> checks) {
        static Report of(Map<String, CheckResult> checks) {
            return new Report(checks.values().stream().allMatch(CheckResult::up), checks);
        }
    }

    /** Starts the background checks: broker and DNS on one thread, queue depths on another. */
    public synchronized void start() {
        if (checker != null) {
            return;
        }
        checker = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "mta-health-" + context.getName());
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        // Each check on its own schedule: a broker probe stuck reconnecting must not leave the DNS
        // result stale, which would report DNS as down along with the broker.
        checker.scheduleWithFixedDelay(this::checkBroker, 0, millis, TimeUnit.MILLISECONDS);
        checker.scheduleWithFixedDelay(this::checkDns, 0, millis, TimeUnit.MILLISECONDS);
        checker.scheduleWithFixedDelay(this::refreshDepths, 0, millis, TimeUnit.MILLISECONDS);
    }

    public Report liveness() {
        Map<String, CheckResult> checks = new LinkedHashMap<>();
        checks.put("camel", camel());
        return Report.of(checks);
    }

    public Report readiness() {
        Map<String, CheckResult> checks = new LinkedHashMap<>();
        checks.put("camel", camel());
        checks.put("routes", routes());
        checks.put("broker", fresh(brokerResult));
        if (dns != null) {
            checks.put("dns", fresh(dnsResult));
        }
        return Report.of(checks);
    }

    /** Runs the broker and DNS checks now, on the caller's thread. */
    void checkNow() {
        checkBroker();
        checkDns();
    }

    private void checkBroker() {
        try {
            brokerResult = broker.probe();
        } catch (RuntimeException e) {
            LOG.warn("broker health check failed unexpectedly", e); // keep the schedule alive
        }
    }

    private void checkDns() {
        if (dns == null) {
            return;
        }
        try {
            dnsResult = dns.check();
        } catch (RuntimeException e) {
            LOG.warn("DNS health check failed unexpectedly", e); // keep the schedule alive
        }
    }

    private void refreshDepths() {
        try {
            broker.refreshDepths();
        } catch (RuntimeException e) {
            LOG.warn("reading queue depths failed unexpectedly", e);
        }
    }

    private CheckResult camel() {
        ServiceStatus status = context.getStatus();
        return new CheckResult(status.isStarted(), "Camel context " + context.getName() + " is " + status, null);
    }

    private CheckResult routes() {
        List<Route> routes = context.getRoutes();
        if (routes.isEmpty()) {
            return new CheckResult(false, "no routes", null);
        }
        List<String> notStarted = new ArrayList<>();
        for (Route route : routes) {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            if (status == null || !status.isStarted()) {
                notStarted.add(route.getRouteId() + " is " + status);
            }
        }
        return notStarted.isEmpty() ? new CheckResult(true, routes.size() + " routes started", null)
                : new CheckResult(false, String.join(", ", notStarted), null);
    }

    private CheckResult fresh(CheckResult last) {
        Instant now = clock.instant();
        if (last == null) {
            return CheckResult.down("not checked yet", null);
        }
        Duration age = Duration.between(last.checkedAt(), now);
        if (age.compareTo(staleAfter) > 0) {
            return CheckResult.down("no result for " + age.toSeconds() + " s (the check hangs); last: "
                    + last.detail(), last.checkedAt());
        }
        return last;
    }

    /** Stops the background checks and closes the broker watch. */
    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
            try {
                checker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checker = null;
        }
        broker.close();
    }
}
