package io.meridian.worker.stages.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Restricts a connection to its own database where the database itself can enforce it, beneath the statement
 * check: an SQLite connection may attach no other database file and load no extension, whatever its URL says.
 * (PostgreSQL connections are bound to one database by design; what else they reach is the role's privileges.)
 */
public final class OwnDatabaseOnly {
    private OwnDatabaseOnly() {}

    public static void restrict(Connection conn, SqlDialect dialect) throws SQLException {
        if (dialect != SqlDialect.SQLITE || !conn.isWrapperFor(SQLiteConnection.class)) {
            return;
        }
        SQLiteConnection sqlite = conn.unwrap(SQLiteConnection.class);
        sqlite.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        sqlite.getDatabase().enable_load_extension(false);
    }
}
