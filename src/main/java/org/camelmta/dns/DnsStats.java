package org.camelmta.dns;

import java.time.Duration;

/**
 * Counters of one {@link MxResolver} since it started, for metrics. Query times go to a
 * {@link DnsObserver} as they happen, for a histogram; only the longest is kept here.
 *
 * @param plans         plan requests answered (plans and failures)
 * @param planFailures  of those, how many ended in a {@link PlanFailure}
 * @param queries       DNS queries sent to servers (dnsjava's retries within one query, another
 *                      server or TCP after truncation, are not counted again)
 * @param queryErrors   queries that ended without a response (timeout, I/O error)
 * @param cacheHits     look-ups answered from the cache, positive or negative
 * @param cacheMisses   look-ups the cache could not answer
 * @param maxQueryTime  the longest single query
 */
public record DnsStats(long plans, long planFailures, long queries, long queryErrors,
                       long cacheHits, long cacheMisses, Duration maxQueryTime) {
}
