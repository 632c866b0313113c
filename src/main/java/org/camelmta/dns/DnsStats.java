package org.camelmta.dns;

import java.time.Duration;

/**
 * Counters of one {@link MxResolver} since it started, for metrics.
 *
 * @param plans         plan requests answered (plans and failures)
 * @param planFailures  of those, how many ended in a {@link PlanFailure}
 * @param queries       DNS queries sent to servers (dnsjava's retries within one query, another
 *                      server or TCP after truncation, are not counted again)
 * @param queryErrors   queries that ended without a response (timeout, I/O error)
 * @param cacheHits     look-ups answered from the cache, positive or negative
 * @param cacheMisses   look-ups the cache could not answer
 * @param queryTime     time spent waiting for responses, all queries together
 * @param maxQueryTime  the longest single query
 */
public record DnsStats(long plans, long planFailures, long queries, long queryErrors,
                       long cacheHits, long cacheMisses, Duration queryTime, Duration maxQueryTime) {

    /** The mean time a query took; zero before the first. */
    public Duration meanQueryTime() {
        return queries == 0 ? Duration.ZERO : queryTime.dividedBy(queries);
    }
}
