package org.camelmta.retry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Exchange;
import org.camelmta.submit.MtaHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures of advisory state once a receiving server has accepted a message: retry hints, the
 * delivered record, Quartz triggers, events and notices. None of them may roll the delivery's
 * transaction back (the broker would hand the message out again and the accepted recipients
 * would get it again, issue #21), so each is logged, counted here (the metric
 * {@code mta_advisory_failures_total{store=...}}) and left for the periodic sweep to repair.
 * The delivery route calls the {@code *Failed} methods ({@code mtaAdvisory}) from its
 * {@code doCatch} blocks; the stores below the route call {@link #failed} themselves.
 */
public final class AdvisoryFailures {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryFailures.class);
    /** After the first failure of a store, one warning per this many (a broken disk fails every delivery). */
    private static final long WARN_EVERY = 1_000;

    /** What failed, as the metric's {@code store} label says it. */
    public enum Store {
        /** Retry hints (the H2 table {@code mta_retry_hint}, or the configured database). */
        HINTS,
        /** The per-recipient delivered record ({@code mta_delivered}). */
        DELIVERED,
        /** Quartz: a release trigger for deferred mail. */
        QUARTZ,
        /** Events: building, logging or publishing them. */
        EVENTS,
        /** Delivery status notifications (bounces, delay warnings, success notices). */
        DSN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Store, LongAdder> counts = new EnumMap<>(Store.class);

    public AdvisoryFailures() {
        for (Store s : Store.values()) {
            counts.put(s, new LongAdder());
        }
    }

    /** Counts and logs one failure; {@code what} says what was lost, for the operator. */
    public void failed(Store store, String what, Throwable error) {
        LongAdder n = counts.get(store);
        n.increment();
        long count = n.sum();
        if (count == 1 || count % WARN_EVERY == 0) {
            LOG.warn("advisory state failed after delivery ({} failures of {} so far; the delivery stands, the sweep"
                    + " repairs what it can): {}: {}", count, store.label(), what, String.valueOf(error), error);
        } else {
            LOG.debug("advisory state failed after delivery: {} ({}): {}", what, store.label(), error);
        }
    }

    /** How many failures of the store since start. */
    public long count(Store store) {
        return counts.get(store).sum();
    }

    /** Route step: building or publishing this attempt's events failed. */
    public void eventsFailed(Exchange exchange) {
        failed(Store.EVENTS, "events of " + id(exchange) + " not published", caught(exchange));
    }

    /** Route step: a delivery status notification for this message could not be made. */
    public void dsnFailed(Exchange exchange) {
        failed(Store.DSN, "notices of " + id(exchange) + " not sent", caught(exchange));
    }

    /** Route step: Quartz could not be told when to release this message (the sweep releases it). */
    public void quartzFailed(Exchange exchange) {
        failed(Store.QUARTZ, "release trigger of " + id(exchange) + " not scheduled (the sweep releases it when due)",
                caught(exchange));
    }

    private static String id(Exchange exchange) {
        return "message " + exchange.getMessage().getHeader(MtaHeaders.ID, "?", String.class);
    }

    private static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return t != null ? t : exchange.getException();
    }
}
