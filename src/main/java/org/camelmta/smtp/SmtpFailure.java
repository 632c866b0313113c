package org.camelmta.smtp;

import java.io.IOException;

/**
 * A phase of an SMTP session that did not succeed, with the reply that describes it (the
 * server's, or one made locally for a refused connection, a timeout, a lost connection).
 * Thrown inside the client; turned into results per recipient before it leaves the package.
 */
public class SmtpFailure extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;
    private final Phase phase;
    private final Cause cause;

    public SmtpFailure(SmtpReply reply, Phase phase, Cause cause) {
        super(phase + ": " + reply);
        this.reply = reply;
        this.phase = phase;
        this.cause = cause;
    }

    public SmtpReply reply() {
        return reply;
    }

    public Phase phase() {
        return phase;
    }

    public Cause cause() {
        return cause;
    }

    /** Whether the connection can no longer be used (anything but a reply on a live session). */
    public boolean connectionLost() {
        return cause != Cause.REPLY || reply.code() == 421;
    }
}
