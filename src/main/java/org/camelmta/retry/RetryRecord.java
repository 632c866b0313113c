package org.camelmta.retry;

import java.time.Instant;
import java.util.Objects;

/**
 * A retry hint, Exim's {@code dbdata_retry}: what is known about a destination that has been
 * failing. Times are whole seconds. The record is written (and so dated) at each failure;
 * {@code lastTry} is that date, which {@code retry_data_expire} is measured from.
 *
 * @param key         what the record is about ({@link HintKeys})
 * @param firstFailed when the current run of failures began
 * @param lastTry     when it last failed (and the record was written)
 * @param nextTry     before this, nothing is tried for the key
 * @param expired     whether the last cut-off of its rule had passed at the last failure
 * @param error       the error's name ({@link RetryError#name()}), to find its rule again
 * @param text        the last error as the server or the client said it
 */
public record RetryRecord(String key, Instant firstFailed, Instant lastTry, Instant nextTry, boolean expired,
                          String error, String text) {

    /** Exim keeps 150 characters of the message; a little more costs nothing. */
    public static final int MAX_TEXT = 512;

    public RetryRecord {
        Objects.requireNonNull(key, "key");
        firstFailed = seconds(firstFailed);
        lastTry = seconds(lastTry);
        nextTry = seconds(nextTry);
        error = error == null ? "other" : error;
        text = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    private static Instant seconds(Instant t) {
        return Instant.ofEpochSecond(Objects.requireNonNull(t, "time").getEpochSecond());
    }

    /** Whether the retry time has come. */
    public boolean isDue(Instant now) {
        return now.getEpochSecond() >= nextTry.getEpochSecond();
    }
}
