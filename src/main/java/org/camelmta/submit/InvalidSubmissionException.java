package org.camelmta.submit;

/**
 * A submission that cannot be accepted. The message is the reason given to the submitter in
 * the {@code mtaError} property of the copy parked on {@code mta.invalid}.
 */
public class InvalidSubmissionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSubmissionException(String reason) {
        super(reason, null, false, false);
    }
}
