package org.camelmta.dns;

import java.time.Duration;

/**
 * Told how long each DNS query took, so that something outside the resolver (the engine's
 * metrics) can keep a latency histogram without the resolver knowing of it. Called on the thread
 * that completes the query: an implementation must be quick and must not throw.
 */
@FunctionalInterface
public interface DnsObserver {

    /** Observes nothing. */
    DnsObserver NONE = took -> { };

    /**
     * @param took from sending the query to its response (whatever its RCODE), or to giving up
     *             on it after a timeout or an I/O error ({@link DnsStats#queryErrors} counts those)
     */
    void query(Duration took);
}
