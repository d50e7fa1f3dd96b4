package io.meridian.store.mariadb;

import io.meridian.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database a location names, for tools that work in a throw-away one (benchmarks, tests): whether it exists,
 * creating it, and dropping it with everything in it. Never used by the store itself, which expects its database
 * to exist (creating databases is a privilege an application user seldom has).
 */
public final class MariaDbDatabases {
    private MariaDbDatabases() {}

    /** The database named by {@code location}. */
    public static String database(String location) {
        return MariaDbLocationParser.parse(location).database();
    }

    public static boolean exists(String location) {
        return run(location, "checking whether the database exists", (c, db) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Creates the database (utf8mb4, binary collation, as the schema expects). The parser checked its name. */
    public static void create(String location) {
        run(location, "creating the database", (c, db) -> execute(c, "CREATE DATABASE `" + db
                + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"));
    }

    /** Drops the database and every table in it. */
    public static void drop(String location) {
        run(location, "dropping the database", (c, db) -> execute(c, "DROP DATABASE IF EXISTS `" + db + "`"));
    }

    private static boolean execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.execute(sql);
        }
    }

    private interface Work<T> {
        T run(Connection c, String database) throws SQLException;
    }

    /** On a connection to the server with no database selected: the database may not exist yet. */
    private static <T> T run(String location, String action, Work<T> work) {
        MariaDbLocation at = MariaDbLocationParser.parse(location);
        try (Connection c = DriverManager.getConnection(at.serverUrl(), at.driverProperties())) {
            return work.run(c, at.database());
        } catch (SQLException e) {
            throw new StoreException("MariaDB at " + at.where() + ": " + action + " failed: " + e.getMessage(), e);
        }
    }
}
