package org.camelmta.smtp;

/** How a phase ended, when it did not end with a positive reply. */
public enum Cause {
    /** The server answered; the reply says what it meant. */
    REPLY,
    /** The connection was refused (nothing listening, or a firewall reset). */
    REFUSED,
    /** A connect, read or write took longer than its phase allows. */
    TIMEOUT,
    /** The server closed the connection, or it was reset, without a reply. */
    LOST_CONNECTION,
    /** The TLS handshake failed. */
    TLS,
    /** The server sent something that is not SMTP. */
    PROTOCOL,
    /** camel-mta decided locally: a DNS failure, a size limit, a policy. */
    LOCAL
}
