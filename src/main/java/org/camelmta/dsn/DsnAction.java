package org.camelmta.dsn;

import java.util.Locale;

/** RFC 3464 §2.3.3 Action: what happened to a recipient, as the notice reports it. */
public enum DsnAction {
    /** Could not be delivered; no further attempts. */
    FAILED,
    /** Not delivered yet; still being retried. */
    DELAYED,
    /** Delivered to the recipient's mailbox. */
    DELIVERED,
    /** Handed to a server that does not offer DSN, so no further notices will come. */
    RELAYED,
    /** Delivered, and forwarded on to further addresses. */
    EXPANDED;

    /** The field value: {@code failed}, {@code delayed}, ... */
    public String fieldValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class digit a Status code must have with this action (RFC 3463). */
    boolean allowsStatusClass(char statusClass) {
        return switch (this) {
            // An expired message fails with the last temporary status, as Postfix reports it.
            case FAILED -> statusClass == '5' || statusClass == '4';
            case DELAYED -> statusClass == '4';
            case DELIVERED, RELAYED, EXPANDED -> statusClass == '2';
        };
    }

    boolean isSuccess() {
        return this == DELIVERED || this == RELAYED || this == EXPANDED;
    }
}
