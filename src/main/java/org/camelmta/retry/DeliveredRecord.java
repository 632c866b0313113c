package org.camelmta.retry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which recipients of a message a server has already accepted, in the database of the retry
 * hints (table {@code mta_delivered}), written right after the attempt and before the delivery's
 * JMS transaction commits. Should that transaction not commit (a failed send to
 * {@code mta.deferred}, a broker gone at the commit, the engine stopped), the broker hands the
 * message out again, and the retry gate leaves out the recipients recorded here instead of
 * sending them the message a second time (Exim's {@code -J} journal file plays the same part).
 *
 * <p>The cost on the normal path is one batched insert per attempt that delivered something;
 * the record is only read for a message the broker redelivered (JMSRedelivered, or a delivery
 * count above one) or, after a restart that found records of the previous run, for a message
 * submitted before this start (the embedded broker does not persist delivery counts, so a
 * message in flight at a crash does not come back marked redelivered). Rows are deleted by the
 * periodic sweep once older than {@value #KEY_KEEP} and the engine has run that long. See
 * docs/reliability.md for what this covers and what it does not.
 */
public final class DeliveredRecord {

    /** Configuration key: whether the record is written (default true). */
    public static final String KEY_ENABLED = "mta.delivery.delivered-record";
    /** Configuration key: how long a row is kept (default 10 minutes). */
    public static final String KEY_KEEP = "mta.delivery.delivered-record.keep";
    public static final Duration DEFAULT_KEEP = Duration.ofMinutes(10);
    public static final String TABLE = "mta_delivered";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveredRecord.class);
    private static final int MAX_REPLY = 1000;
    private static final int MAX_RECIPIENT = 512;

    private final DataSource dataSource;
    private final boolean enabled;
    private final Duration keep;
    private final Clock clock;
    private final AdvisoryFailures failures;
    private final Instant startedAt;
    private final boolean previousRunLeftRecords;

    public DeliveredRecord(DataSource dataSource, boolean enabled, Duration keep, Clock clock, AdvisoryFailures failures) {
        this.dataSource = dataSource;
        this.enabled = enabled;
        this.keep = keep;
        this.clock = clock;
        this.failures = failures;
        this.startedAt = clock.instant();
        createTable();
        this.previousRunLeftRecords = enabled && countBefore(startedAt) > 0;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Records the recipients this attempt delivered. Never throws: the server has accepted them,
     * and a record that cannot be written only narrows what a redelivery can skip.
     */
    public void record(String mtaId, List<RecipientResult> delivered) {
        if (!enabled || delivered.isEmpty()) {
            return;
        }
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (mta_id, recipient, reply, recorded) VALUES (?, ?, ?, ?)")) {
                for (RecipientResult r : delivered) {
                    ps.setString(1, mtaId);
                    ps.setString(2, clip(r.recipient().toString(), MAX_RECIPIENT));
                    ps.setString(3, clip(r.reply().toString(), MAX_REPLY));
                    ps.setLong(4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            failures.failed(AdvisoryFailures.Store.DELIVERED, "delivered record of " + mtaId + " not written", e);
        }
    }

    /**
     * Whether a message must be looked up: the broker redelivered it, or it may have been in
     * flight when a previous run stopped.
     */
    public boolean mayHaveRecord(boolean redelivered, Instant submittedAt) {
        return enabled && (redelivered || previousRunLeftRecords && submittedAt.isBefore(startedAt));
    }

    /**
     * The recipients of the message already accepted by a server, with the reply that accepted
     * them. Throws when the record cannot be read: the attempt has not begun, and trying again
     * later is better than a second copy.
     */
    public Map<MailAddress, SmtpReply> find(String mtaId) {
        Map<MailAddress, SmtpReply> found = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT recipient, reply FROM " + TABLE + " WHERE mta_id = ?")) {
            ps.setString(1, mtaId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(MailAddress.parse(rs.getString(1)), parseReply(rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("delivered record: cannot read " + mtaId + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Deletes rows older than the keep time, once the engine has run that long (the sweep calls it). */
    public int purge() {
        Instant now = clock.instant();
        if (!enabled || Duration.between(startedAt, now).compareTo(keep) < 0) {
            return 0; // rows of the previous run wait for its messages to come back after the restart
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE recorded < ?")) {
            ps.setLong(1, now.minus(keep).toEpochMilli());
            return ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            failures.failed(AdvisoryFailures.Store.DELIVERED, "old delivered records not purged", e);
            return 0;
        }
    }

    private void createTable() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (mta_id VARCHAR(255) NOT NULL, recipient VARCHAR("
                    + MAX_RECIPIENT + ") NOT NULL, reply VARCHAR(" + MAX_REPLY + ") NOT NULL, recorded BIGINT NOT NULL)");
            index(s, "mta_delivered_id", "mta_id");
            index(s, "mta_delivered_recorded", "recorded");
        } catch (SQLException e) {
            throw new IllegalStateException("delivered record: cannot create table " + TABLE + ": " + e.getMessage(), e);
        }
    }

    private static void index(Statement s, String name, String column) {
        try {
            s.execute("CREATE INDEX IF NOT EXISTS " + name + " ON " + TABLE + " (" + column + ")");
        } catch (SQLException e) {
            LOG.debug("index {} not created (there already?): {}", name, e.getMessage()); // MySQL has no IF NOT EXISTS
        }
    }

    private long countBefore(Instant t) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE recorded < ?")) {
            ps.setLong(1, t.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("delivered record: cannot read " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** {@code 250 2.0.0 queued as X} back into a reply (the enhanced code from its text). */
    static SmtpReply parseReply(String line) {
        int space = line.indexOf(' ');
        try {
            int code = Integer.parseInt(space < 0 ? line : line.substring(0, space));
            return SmtpReply.of(code, space < 0 ? List.of() : Arrays.asList(line.substring(space + 1)));
        } catch (IllegalArgumentException e) {
            return SmtpReply.local(250, "2.0.0", line);
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
