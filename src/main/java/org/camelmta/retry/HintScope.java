package org.camelmta.retry;

/**
 * What a retry hint is about, which decides its key and which messages it holds back (Exim's
 * three kinds of temporary error, plus routing).
 */
public enum HintScope {
    /**
     * A host error (refused, connect timeout, lost connection, an error at the banner or EHLO):
     * one record per host and IP address, holding back every message for that host.
     */
    HOST,
    /**
     * A message error (4xx to MAIL, DATA or the final dot, timeout after MAIL or the dot): one
     * record per host, IP address and message.
     */
    MESSAGE,
    /** A 4xx reply to RCPT: one record per recipient address and sender. */
    ADDRESS,
    /** A temporary DNS failure for the destination (Exim's routing defer): one record per domain. */
    DOMAIN;

    /** Whether records of this scope belong to a host, so that the domain is the rule's second key. */
    public boolean isHostBased() {
        return this == HOST || this == MESSAGE;
    }
}
