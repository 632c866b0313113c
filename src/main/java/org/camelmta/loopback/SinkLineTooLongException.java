package org.camelmta.loopback;

/** A command line longer than the sink allows; it has been read to its end and discarded. */
final class SinkLineTooLongException extends Exception {

    SinkLineTooLongException() {
        super("line too long", null, false, false);
    }
}
