package org.camelmta.retry;

/** A retry rules text that cannot be used; the message names the source and the line. */
public class RetryRulesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public RetryRulesException(String source, int line, String problem) {
        super(source + " line " + line + ": " + problem);
        this.line = line;
    }

    /** The line (1-based) the bad rule starts on. */
    public int line() {
        return line;
    }
}
