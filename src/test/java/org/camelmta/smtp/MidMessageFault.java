package org.camelmta.smtp;

import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkFault;

/**
 * The errors during a message that KumoMTA's reconnect_strategy governs, each as a sink fault
 * on the first connection only, with what the client reports for it.
 */
enum MidMessageFault {
    /** The message went through, then 421 and close instead of 250. */
    REPLY_421_AT_DATA_END(Phase.DATA_END, SinkAction.reply(421, "4.3.2 shutting down"), 421, Cause.REPLY),
    /** 421 and close in answer to RCPT. */
    REPLY_421_AT_RCPT(Phase.RCPT, SinkAction.reply(421, "4.7.0 too busy, come back later"), 421, Cause.REPLY),
    /** No reply to the final dot: the client's read times out. */
    READ_TIMEOUT_AT_DATA_END(Phase.DATA_END, SinkAction.stall(), 451, Cause.TIMEOUT),
    /** The connection closed without a reply to DATA. */
    CLOSED_AT_DATA(Phase.DATA, SinkAction.close(), 451, Cause.LOST_CONNECTION);

    final Phase phase;
    final SinkAction action;
    final int code;
    final Cause cause;

    MidMessageFault(Phase phase, SinkAction action, int code, Cause cause) {
        this.phase = phase;
        this.action = action;
        this.code = code;
        this.cause = cause;
    }

    /** The fault on the sink's first connection. */
    SinkFault onFirstConnection() {
        return SinkFault.at(phase, action).onConnection(0);
    }

    /** The fault on every connection. */
    SinkFault always() {
        return SinkFault.at(phase, action);
    }
}
