package org.camelmta.submit;

/**
 * A DSN parameter (RET, ENVID, NOTIFY, ORCPT) that is not RFC 3461 syntax; the message says
 * what is wrong, in words fit for the submitter.
 */
public class DsnSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DsnSyntaxException(String message) {
        super(message);
    }
}
