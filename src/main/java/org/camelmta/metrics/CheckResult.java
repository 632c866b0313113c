package org.camelmta.metrics;

import java.time.Instant;

/**
 * The outcome of one health check.
 *
 * @param up        whether the check passed
 * @param detail    what was found, in words (the error when it failed)
 * @param checkedAt when it was found; null for checks made on the spot
 */
public record CheckResult(boolean up, String detail, Instant checkedAt) {

    static CheckResult up(String detail, Instant at) {
        return new CheckResult(true, detail, at);
    }

    static CheckResult down(String detail, Instant at) {
        return new CheckResult(false, detail, at);
    }
}
