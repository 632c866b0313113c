package org.camelmta.dsn;

/**
 * Whether a notice is due about one recipient outcome, and why (the reason goes to the log and
 * the delivery event, so an operator can tell why a sender heard nothing).
 *
 * @param action the action to report, or null when no notice is due
 * @param reason why, in a few words
 */
public record NotifyDecision(DsnAction action, String reason) {

    public static NotifyDecision notify(DsnAction action, String reason) {
        return new NotifyDecision(action, reason);
    }

    public static NotifyDecision none(String reason) {
        return new NotifyDecision(null, reason);
    }

    public boolean isDue() {
        return action != null;
    }
}
