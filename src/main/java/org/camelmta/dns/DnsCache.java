package org.camelmta.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Credibility;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;

/**
 * dnsjava's {@link Cache} (TTL expiry, RFC 2308 negative entries from the SOA of NXDOMAIN and
 * NODATA answers, a bound on entries, a TTL ceiling) with the two things it lacks:
 * <ul>
 *   <li>a TTL floor: dnsjava caps TTLs but never raises them, and its per-RRset add methods
 *       are private to {@link Cache#addMessage}, so the floor is applied to a copy of each
 *       response before it is cached. Only positive answers are raised; negative answers keep
 *       their RFC 2308 TTL (capped by the negative ceiling).</li>
 *   <li>hit and miss counts, for metrics: {@code LookupSession} asks the cache through
 *       {@link #lookupRecords} before every query.</li>
 *   <li>a negative answer without an exception ({@link #cachedNegative}).</li>
 * </ul>
 * dnsjava's Cache synchronises internally, so one instance serves every delivery thread.
 */
final class DnsCache extends Cache {

    private final long minTtlSeconds;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    DnsCache(int maxEntries, Duration minTtl, Duration maxTtl, Duration negativeMaxTtl) {
        super(DClass.IN);
        this.minTtlSeconds = minTtl.toSeconds();
        setMaxEntries(maxEntries);
        setMaxCache(seconds(maxTtl));
        setMaxNCache(seconds(negativeMaxTtl));
    }

    @Override
    public SetResponse addMessage(Message response) {
        return super.addMessage(minTtlSeconds > 0 ? withTtlFloor(response) : response);
    }

    @Override
    public SetResponse lookupRecords(Name name, int type, int minCred) {
        SetResponse answer = super.lookupRecords(name, type, minCred);
        // A cached CNAME still costs a query (LookupSession re-asks the server), so it is a miss.
        if (answer.isSuccessful() || answer.isNXDOMAIN() || answer.isNXRRSET()) {
            hits.increment();
        } else {
            misses.increment();
        }
        return answer;
    }

    /**
     * The cached negative answer for {@code name} and {@code type} (NODATA or NXDOMAIN), or null
     * if there is none. {@code LookupSession} reports a cached negative answer by failing its
     * future with an exception, stack trace and all; a delivery to a host without AAAA records
     * met one on every plan, about 1% of the CPU at full load. {@link DnsLookups} asks this first,
     * with the credibility {@code LookupSession} uses, so a cached negative answer costs no exception.
     */
    LookupOutcome cachedNegative(Name name, int type) {
        SetResponse answer = super.lookupRecords(name, type, Credibility.NORMAL);
        if (answer.isNXRRSET()) {
            hits.increment();
            return new LookupOutcome.NoData();
        }
        if (answer.isNXDOMAIN()) {
            hits.increment();
            return new LookupOutcome.NxDomain();
        }
        return null; // LookupSession asks again, counting the hit or the miss
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    private Message withTtlFloor(Message response) {
        List<Record> answers = response.getSection(Section.ANSWER);
        if (answers.stream().allMatch(r -> r.getTTL() >= minTtlSeconds)) {
            return response;
        }
        Message copy = response.clone();
        copy.removeAllRecords(Section.ANSWER);
        for (Record r : answers) {
            copy.addRecord(r.getTTL() >= minTtlSeconds ? r
                    : Record.newRecord(r.getName(), r.getType(), r.getDClass(), minTtlSeconds, r.rdataToWireCanonical()),
                    Section.ANSWER);
        }
        return copy;
    }

    private static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toSeconds());
    }
}
