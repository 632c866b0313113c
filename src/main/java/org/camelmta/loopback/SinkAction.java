package org.camelmta.loopback;

import java.util.List;
import java.util.Objects;
import org.camelmta.smtp.SmtpReply;

/**
 * What the sink does at one phase of the dialogue, as a {@link SinkBehaviour} or a scripted
 * {@link SinkFault} decides it.
 *
 * <ul>
 *   <li>{@link #proceed()}: do what the sink would do anyway (the recipient-keyed defaults,
 *       then the limits and the normal reply).</li>
 *   <li>{@link #reply(int, String)}: answer with this reply. A positive reply (below 400: 220,
 *       250, 354, 235) lets the command take effect as usual, only the words change; a 4xx or
 *       5xx refuses it. With {@code closeAfter} the connection is closed once the reply is
 *       sent.</li>
 *   <li>{@link #close()}: drop the connection without a reply (replies to earlier pipelined
 *       commands are still sent first).</li>
 *   <li>{@link #stall()}: never reply; keep reading and discarding what the client sends until
 *       it closes the connection or the sink is closed.</li>
 * </ul>
 */
public record SinkAction(Kind kind, SmtpReply reply, boolean closeAfter) {

    /** The kinds of action. */
    public enum Kind { PROCEED, REPLY, CLOSE, STALL }

    private static final SinkAction PROCEED = new SinkAction(Kind.PROCEED, null, false);
    private static final SinkAction CLOSE = new SinkAction(Kind.CLOSE, null, true);
    private static final SinkAction STALL = new SinkAction(Kind.STALL, null, false);

    public SinkAction {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.REPLY) != (reply != null)) {
            throw new IllegalArgumentException("a reply goes with Kind.REPLY and only with it");
        }
    }

    /** Carry on as the sink would without this hook. */
    public static SinkAction proceed() {
        return PROCEED;
    }

    /**
     * Answer {@code code text}, where {@code text} may start with an enhanced status code
     * ({@code reply(451, "4.3.0 try later")}). A 421 closes the connection after it, as
     * RFC 5321 §3.8 says a 421 does; any other code leaves it open.
     */
    public static SinkAction reply(int code, String text) {
        return reply(SmtpReply.of(code, List.of(text)), code == 421);
    }

    /** Answer {@code code text}, then close the connection. */
    public static SinkAction replyAndClose(int code, String text) {
        return reply(SmtpReply.of(code, List.of(text)), true);
    }

    /** Answer with this (possibly multi-line) reply, closing afterwards when asked. */
    public static SinkAction reply(SmtpReply reply, boolean closeAfter) {
        return new SinkAction(Kind.REPLY, Objects.requireNonNull(reply, "reply"), closeAfter);
    }

    /** Close the connection without replying. */
    public static SinkAction close() {
        return CLOSE;
    }

    /** Never reply; read and discard until the client or the sink closes the connection. */
    public static SinkAction stall() {
        return STALL;
    }

    /** Whether this action lets the command take effect (proceed, or a reply below 400). */
    boolean letsCommandThrough() {
        return kind == Kind.PROCEED || (kind == Kind.REPLY && reply.code() < 400);
    }
}
