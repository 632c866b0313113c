package org.camelmta.retry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where retry hints live. A store keeps what it is given: ignoring hints older than
 * {@code retry_data_expire} is the reader's business ({@link RetrySchedule#isStale}), and
 * {@link #purgeOlderThan} clears them out for good (Exim's {@code exim_tidydb}).
 */
public interface RetryHintStore extends AutoCloseable {

    Optional<RetryRecord> get(String key);

    /** Writes the record under its key, replacing any record there. */
    void put(RetryRecord record);

    void delete(String key);

    /** Records whose retry time has come at {@code now}, earliest next try first. */
    List<RetryRecord> due(Instant now);

    /** Records past their rule's last cut-off. */
    List<RetryRecord> expired();

    /** Every record, ordered by key (for operators' listings). */
    List<RetryRecord> all();

    /**
     * Deletes the records last written before {@code cutoff} ({@code now - retry_data_expire}).
     *
     * @return how many were deleted
     */
    int purgeOlderThan(Instant cutoff);

    @Override
    default void close() {
    }
}
