package org.camelmta.smtp;

/** Where in a delivery something happened: the lookup, or a stage of the SMTP dialogue. */
public enum Phase {
    /** Resolving the destination (MX, A, AAAA) before any connection. */
    LOOKUP,
    CONNECT,
    GREETING,
    EHLO,
    STARTTLS,
    AUTH,
    MAIL,
    RCPT,
    DATA,
    /** The reply to the final "." of the message. */
    DATA_END,
    RSET,
    QUIT;

    /** Whether a failure here belongs to the connection (any message would fail) or to a message. */
    public boolean isConnectionPhase() {
        return this == CONNECT || this == GREETING || this == EHLO || this == STARTTLS || this == AUTH;
    }
}
