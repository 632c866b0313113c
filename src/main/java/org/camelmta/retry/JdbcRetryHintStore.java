package org.camelmta.retry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.camelmta.config.Settings;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Retry hints in a SQL table, so that they survive restarts and, on a shared database, are
 * seen by every node. By default an H2 file database under {@code <data-dir>/state/}. The
 * table is created when absent, in SQL that H2, PostgreSQL and MySQL all accept.
 *
 * <p>Nodes sharing a database may race on the same key; the last write wins, which costs at
 * most one retry computed from slightly older data.
 */
public final class JdbcRetryHintStore implements RetryHintStore {

    /** Configuration key: a JDBC URL for the hints (default: an H2 file under the data directory). */
    public static final String KEY_URL = "mta.retry.hints-url";
    /** Configuration key: the database user for {@value #KEY_URL}. */
    public static final String KEY_USER = "mta.retry.hints-user";
    /** Configuration key: the database password for {@value #KEY_URL}. */
    public static final String KEY_PASSWORD = "mta.retry.hints-password";
    /** The table the hints live in. */
    public static final String TABLE = "mta_retry_hint";

    private static final String COLUMNS = "hint_key, first_failed, last_try, next_try, expired, error_name, error_text";

    private final DataSource dataSource;
    private final JdbcConnectionPool ownedPool;

    /** The database the hints live in (other small engine state shares it). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A store on a data source the caller owns (and closes). */
    public JdbcRetryHintStore(DataSource dataSource) {
        this(dataSource, null);
    }

    private JdbcRetryHintStore(DataSource dataSource, JdbcConnectionPool ownedPool) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        createTable();
    }

    /** A store on a JDBC URL, with H2's connection pool; {@link #close()} closes the pool. */
    public static JdbcRetryHintStore open(String jdbcUrl, String user, String password) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, user == null ? "" : user,
                password == null ? "" : password);
        try {
            return new JdbcRetryHintStore(pool, pool);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /** The default database: an H2 file {@code <dataDir>/state/retry-hints}. */
    public static JdbcRetryHintStore inDataDir(Path dataDir) {
        Path state = dataDir.resolve("state");
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + state, e);
        }
        return open(defaultUrl(dataDir), "sa", "");
    }

    /** {@value #KEY_URL} if set, else the H2 file under {@code mta.data-dir} (default {@code ./data}). */
    public static JdbcRetryHintStore from(Settings settings) {
        Optional<String> url = settings.get(KEY_URL).filter(s -> !s.isBlank());
        if (url.isPresent()) {
            return open(url.get().strip(), settings.get(KEY_USER, ""), settings.get(KEY_PASSWORD, ""));
        }
        return inDataDir(Path.of(settings.get("mta.data-dir", "./data")));
    }

    static String defaultUrl(Path dataDir) {
        // H2 would otherwise close the database from its own JVM shutdown hook, under the
        // deliveries that Camel's graceful stop is still finishing; the engine closes it itself.
        return "jdbc:h2:file:" + dataDir.resolve("state").resolve("retry-hints").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private void createTable() {
        String create = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "hint_key VARCHAR(1024) NOT NULL PRIMARY KEY, first_failed BIGINT NOT NULL, "
                + "last_try BIGINT NOT NULL, next_try BIGINT NOT NULL, expired BOOLEAN NOT NULL, "
                + "error_name VARCHAR(100) NOT NULL, error_text VARCHAR(" + RetryRecord.MAX_TEXT + ") NOT NULL)";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(create);
        } catch (SQLException e) {
            throw failure("create table " + TABLE, e);
        }
    }

    @Override
    public Optional<RetryRecord> get(String key) {
        List<RetryRecord> found = query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE hint_key = ?", key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public void put(RetryRecord r) {
        String update = "UPDATE " + TABLE + " SET first_failed = ?, last_try = ?, next_try = ?, expired = ?, "
                + "error_name = ?, error_text = ? WHERE hint_key = ?";
        String insert = "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            if (execute(c, update, r.firstFailed().getEpochSecond(), r.lastTry().getEpochSecond(),
                    r.nextTry().getEpochSecond(), r.expired(), r.error(), r.text(), r.key()) > 0) {
                return;
            }
            try {
                execute(c, insert, r.key(), r.firstFailed().getEpochSecond(), r.lastTry().getEpochSecond(),
                        r.nextTry().getEpochSecond(), r.expired(), r.error(), r.text());
            } catch (SQLIntegrityConstraintViolationException raced) {
                // Another writer inserted the key between our update and insert: update theirs.
                execute(c, update, r.firstFailed().getEpochSecond(), r.lastTry().getEpochSecond(),
                        r.nextTry().getEpochSecond(), r.expired(), r.error(), r.text(), r.key());
            }
        } catch (SQLException e) {
            throw failure("write " + r.key(), e);
        }
    }

    @Override
    public void delete(String key) {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "DELETE FROM " + TABLE + " WHERE hint_key = ?", key);
        } catch (SQLException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public List<RetryRecord> due(Instant now) {
        return query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE next_try <= ? ORDER BY next_try, hint_key",
                now.getEpochSecond());
    }

    @Override
    public List<RetryRecord> expired() {
        return query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE expired = ? ORDER BY hint_key", true);
    }

    @Override
    public List<RetryRecord> all() {
        return query("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY hint_key");
    }

    @Override
    public int purgeOlderThan(Instant cutoff) {
        try (Connection c = dataSource.getConnection()) {
            return execute(c, "DELETE FROM " + TABLE + " WHERE last_try < ?", cutoff.getEpochSecond());
        } catch (SQLException e) {
            throw failure("purge", e);
        }
    }

    /** Closes the connection pool when this store opened it; a caller's data source is left alone. */
    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.dispose();
        }
    }

    private List<RetryRecord> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<RetryRecord> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new RetryRecord(rs.getString(1), Instant.ofEpochSecond(rs.getLong(2)),
                            Instant.ofEpochSecond(rs.getLong(3)), Instant.ofEpochSecond(rs.getLong(4)),
                            rs.getBoolean(5), rs.getString(6), rs.getString(7)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private static int execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("retry hints: cannot " + what + ": " + e.getMessage(), e);
    }
}
