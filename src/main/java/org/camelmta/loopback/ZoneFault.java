package org.camelmta.loopback;

/**
 * A failure {@link ZoneDnsServer} can be told to show for a name (and optionally a type), so
 * tests can see what a resolver does when DNS misbehaves.
 */
public enum ZoneFault {
    /** Answer with RCODE SERVFAIL and no records. */
    SERVFAIL,
    /** Never answer, over UDP or TCP: the client times out. */
    DROP,
    /** Over UDP, answer with the TC bit and no records; over TCP, answer normally. */
    TRUNCATE,
    /** Over UDP, answer with the TC bit; over TCP, close the connection without answering. */
    TRUNCATE_AND_NO_TCP
}
