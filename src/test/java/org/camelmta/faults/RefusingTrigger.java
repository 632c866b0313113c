package org.camelmta.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.api.Trigger;

/**
 * An H2 trigger that refuses every write to its table, as a full or failing disk would: the
 * engine's own store code runs and gets the database's error. {@link #install} puts it on a
 * table.
 */
public final class RefusingTrigger implements Trigger {

    /** Makes every insert, update and delete on {@code table} fail from now on. */
    public static void install(DataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection()) {
            install(c, table);
        }
    }

    /** As {@link #install(DataSource, String)}, on a connection. */
    public static void install(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_" + table + " BEFORE INSERT, UPDATE, DELETE ON " + table
                    + " FOR EACH ROW CALL '" + RefusingTrigger.class.getName() + "'");
        }
    }

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) {
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("write refused (test: the disk is failing)");
    }
}
