package org.camelmta.cli;

/** Exit codes scripts can rely on (sysexits.h where one fits). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad command line. */
    public static final int USAGE = 64;
    /** Bad input data (a message that cannot be read). */
    public static final int DATA = 65;
    /** Something asked for does not exist (a message id, a destination). */
    public static final int NO_INPUT = 66;
    /** The broker or the engine cannot be reached. */
    public static final int UNAVAILABLE = 69;
    /** An internal error. */
    public static final int SOFTWARE = 70;
    /** A file could not be read or written. */
    public static final int IO = 74;
    /** Temporary failure: try again (a timeout). */
    public static final int TEMPFAIL = 75;

    private ExitCodes() {
    }
}
