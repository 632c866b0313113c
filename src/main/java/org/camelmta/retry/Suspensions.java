package org.camelmta.retry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Destinations an operator has suspended (KumoMTA's suspend): their mail waits and nothing is
 * attempted until they are resumed. Kept in the hints database, so a suspension survives a
 * restart and is seen by every node sharing that database; read through a short-lived copy so
 * the delivery route's check costs no query per message.
 */
public final class Suspensions {

    /** One suspension. */
    public record Suspension(String domain, Instant since, String reason) {
    }

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final String TABLE = "mta_suspension";

    private final DataSource dataSource;
    private final Clock clock;
    private volatile Map<String, Suspension> cached = Map.of();
    private volatile Instant cachedAt = Instant.EPOCH;

    public Suspensions(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (domain VARCHAR(255) NOT NULL PRIMARY KEY, since BIGINT NOT NULL, reason VARCHAR(500) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
        }
    }

    public Optional<Suspension> find(String domain) {
        return Optional.ofNullable(all().get(domain));
    }

    public boolean isSuspended(String domain) {
        return all().containsKey(domain);
    }

    public Map<String, Suspension> all() {
        if (Duration.between(cachedAt, clock.instant()).compareTo(REFRESH) > 0) {
            reload();
        }
        return cached;
    }

    public Suspension suspend(String domain, String reason) {
        Suspension s = new Suspension(domain, clock.instant(), reason == null || reason.isBlank() ? "suspended" : reason);
        update("MERGE INTO " + TABLE + " (domain, since, reason) KEY (domain) VALUES (?, ?, ?)", domain,
                s.since().toEpochMilli(), s.reason());
        return s;
    }

    /** Returns whether the destination was suspended. */
    public boolean resume(String domain) {
        boolean was = isSuspendedNow(domain);
        update("DELETE FROM " + TABLE + " WHERE domain = ?", domain);
        return was;
    }

    private boolean isSuspendedNow(String domain) {
        reload();
        return cached.containsKey(domain);
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update " + TABLE + ": " + e.getMessage(), e);
        }
        reload();
    }

    private synchronized void reload() {
        Map<String, Suspension> fresh = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT domain, since, reason FROM " + TABLE)) {
            while (rs.next()) {
                fresh.put(rs.getString(1), new Suspension(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + TABLE + ": " + e.getMessage(), e);
        }
        cached = Map.copyOf(fresh);
        cachedAt = clock.instant();
    }
}
