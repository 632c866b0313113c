package org.camelmta.loopback;

/**
 * A test's say in what the sink does: consulted at every phase of every connection, on that
 * connection's thread, after the command has passed the sink's sequence and syntax checks and
 * before the sink's own decision (the recipient-keyed defaults and the limits). Return
 * {@link SinkAction#proceed()} to leave the decision to the sink.
 *
 * <p>Implementations shared between connections must be thread-safe.
 */
@FunctionalInterface
public interface SinkBehaviour {

    /** The action for this phase of this connection. */
    SinkAction decide(SinkContext context);

    /** The behaviour that always proceeds. */
    static SinkBehaviour defaults() {
        return context -> SinkAction.proceed();
    }
}
