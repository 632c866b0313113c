package org.camelmta.loopback;

import org.camelmta.smtp.Phase;

/**
 * Where a connection stands when the sink asks its {@link SinkBehaviour} and faults what to do.
 *
 * @param phase the phase being decided: GREETING, EHLO (also HELO), STARTTLS, AUTH, MAIL, RCPT,
 *     DATA (whether to answer 354), DATA_END (the reply to the final dot), RSET or QUIT
 * @param connection the connection's record so far
 * @param messageIndex the index on this connection of the transaction under way, or of the one
 *     the next MAIL would begin (the same number as {@link SinkTransaction#index()})
 * @param argument the command's argument: the address for MAIL and RCPT (between the angle
 *     brackets), the name for EHLO/HELO, the mechanism for AUTH; empty otherwise
 * @param transaction the transaction so far (for DATA_END with the message content), or null
 *     outside a transaction
 */
public record SinkContext(Phase phase, SinkConnection connection, int messageIndex, String argument,
        SinkTransaction transaction) {

    /** The connection's index among all the sink accepted. */
    public int connectionIndex() {
        return connection.index();
    }
}
