package org.camelmta.retry;

/** What becomes of a recipient after a delivery attempt. */
public enum Disposition {
    /** The server took it (2xx at end of data). */
    DELIVERED,
    /** Refused for good (5xx, or a permanent local failure): the sender gets a bounce. */
    BOUNCED,
    /** Failed for now: parked on {@code mta.deferred} until its next attempt. */
    DEFERRED,
    /** Failed for now, but past its retry rule's cut-off: bounced with the last error. */
    EXPIRED
}
