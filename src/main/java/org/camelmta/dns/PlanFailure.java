package org.camelmta.dns;

/**
 * A destination that cannot be planned, as the reply delivery will record for its recipients
 * (KumoMTA turns a null MX into {@code 556 5.1.10}; Postfix words DNS failures as
 * "Host or domain name not found").
 *
 * @param code           the SMTP reply code: 4xx when trying again later may help, 5xx when not
 * @param enhancedStatus the RFC 3463 status, e.g. {@code 5.1.2}
 * @param text           what went wrong, for the event and the bounce
 */
public record PlanFailure(int code, String enhancedStatus, String text) implements PlanResult {

    public boolean isPermanent() {
        return code / 100 == 5;
    }
}
