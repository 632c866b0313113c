package org.camelmta.retry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;
import org.quartz.utils.ConnectionProvider;

/**
 * The database behind Quartz's persistent job store: an embedded H2 file under the data
 * directory by default, or any JDBC database shared by several nodes. Quartz's own providers
 * need c3p0 or HikariCP; H2 brings its own pool, which is all an embedded store needs. The
 * tables are created from Quartz's {@code tables_h2.sql} the first time.
 */
public final class QuartzStore implements ConnectionProvider {

    private String jdbcUrl;
    private String jdbcUser = "";
    private String jdbcPassword = "";
    private JdbcConnectionPool pool;

    /** Quartz creates the provider by class name and sets the properties below. */
    public QuartzStore() {
    }

    public void setJdbcUrl(String url) {
        this.jdbcUrl = url;
    }

    public void setJdbcUser(String user) {
        this.jdbcUser = user;
    }

    public void setJdbcPassword(String password) {
        this.jdbcPassword = password;
    }

    @Override
    public void initialize() throws SQLException {
        if (jdbcUrl == null) {
            throw new SQLException("no JDBC URL for Quartz's job store");
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            pool = JdbcConnectionPool.create(jdbcUrl, jdbcUser, jdbcPassword);
            pool.setMaxConnections(8);
        }
        try (Connection c = getConnection()) {
            createTablesIfAbsent(c);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool != null ? pool.getConnection() : DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
    }

    @Override
    public void shutdown() {
        if (pool != null) {
            pool.dispose();
        }
    }

    private static void createTablesIfAbsent(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "QRTZ_JOB_DETAILS", null)) {
            if (tables.next()) {
                return;
            }
        }
        String script;
        try (InputStream in = org.quartz.Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_h2.sql")) {
            if (in == null) {
                throw new SQLException("Quartz's tables_h2.sql is not on the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read Quartz's tables_h2.sql", e);
        }
        try (Statement st = c.createStatement()) {
            for (String statement : script.split(";")) {
                String sql = statement.replaceAll("(?m)^--.*$", "").strip();
                if (!sql.isEmpty()) {
                    st.execute(sql);
                }
            }
        }
    }
}
