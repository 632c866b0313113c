package org.camelmta.dkim;

/**
 * Signing was configured for a message's domain but could not be done (a key file unreadable or
 * broken at run time). With {@code mta.dkim.on-error=defer} the submit route lets it propagate,
 * so the JMS transaction rolls back and the broker redelivers the submission.
 */
public class DkimException extends RuntimeException {
    public DkimException(String message, Throwable cause) {
        super(message, cause);
    }
}
