package io.meridian.store.postgres;

import io.meridian.store.StoreException;
import io.meridian.store.jdbc.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The schema a location names, for tools that create a throw-away one (benchmarks): whether it exists yet, and
 * dropping it with everything in it. Never used by the store itself.
 */
public final class PostgresSchemas {
    private PostgresSchemas() {}

    /** The schema named by {@code location} ({@code schema=}, else {@value PostgresLocation#DEFAULT_SCHEMA}). */
    public static String schema(String location) {
        return LocationParser.parse(location).schema();
    }

    public static boolean exists(String location) {
        return run(location, "checking whether the schema exists", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, LocationParser.parse(location).schema());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Drops the schema and every table in it. The name was checked by the parser ([a-z_][a-z0-9_]*). */
    public static void drop(String location) {
        run(location, "dropping the schema", c -> {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + LocationParser.parse(location).schema() + " CASCADE");
            return null;
        });
    }

    private static <T> T run(String location, String action, Database.Work<T> work) {
        PostgresLocation at = LocationParser.parse(location);
        Properties props = at.driverProperties();
        if (at.user() != null) {
            props.setProperty("user", at.user());
        }
        if (at.password() != null) {
            props.setProperty("password", at.password());
        }
        try (Connection c = DriverManager.getConnection(at.jdbcUrl(), props)) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL at " + at.where() + ": " + action + " failed: " + e.getMessage(), e);
        }
    }
}
