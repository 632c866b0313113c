package org.camelmta.smtp;

import java.time.Duration;

/**
 * Told how long each phase of an SMTP session took, so that something outside the client (the
 * engine's metrics) can keep latency histograms without the client knowing of them. Called on
 * the delivering thread: an implementation must be quick and must not throw.
 *
 * <p>What a phase's time covers: {@code CONNECT} the TCP connect; {@code GREETING} from the
 * connection to the banner; {@code STARTTLS} from the command to the end of the TLS handshake
 * (to the reply when the server declines); {@code DATA_END} from the first byte of the message
 * to the reply to its final dot; every other phase from its command to its reply. Replies that
 * answer one pipelined write (MAIL, RCPT, DATA) each count from the reply before them.
 */
@FunctionalInterface
public interface SmtpObserver {

    /** Observes nothing. */
    SmtpObserver NONE = (phase, took, ok) -> { };

    /**
     * @param phase the phase that ended
     * @param took  how long it took
     * @param ok    whether the server answered (whatever the reply); false when the phase ended
     *              in a timeout, a lost or refused connection, a failed handshake or a
     *              reply that is not SMTP
     */
    void phase(Phase phase, Duration took, boolean ok);
}
