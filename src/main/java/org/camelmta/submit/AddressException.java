package org.camelmta.submit;

/** An address that is not RFC 5321 syntax; the message says what is wrong with it. */
public class AddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public AddressException(String message) {
        super(message);
    }
}
