package org.camelmta.security;

import java.util.Locale;

/**
 * The broker roles camel-mta's {@code artemis/broker.xml} grants rights to (docs/security.md).
 * The generated users file has one user per role, named as the role.
 */
public enum BrokerRole {
    /** The engine's own connection: every right, the only role with management. */
    ENGINE,
    /** Sends to {@code mta.submit}, nothing else. */
    SUBMITTER,
    /** Subscribes to the topic {@code mta.events} (durable or not), nothing else. */
    MONITOR,
    /** Sends to {@code mta.control}, reads its replies on {@code mta.control.replies}, and what {@link #MONITOR} may. */
    OPERATOR;

    /** The role's name in broker.xml and the roles file, and the generated user's name. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
