package io.meridian.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL that tests use: {@code MERIDIAN_TEST_POSTGRES} (default {@value #DEFAULT_LOCATION}). Each test
 * class works in schemas of its own, named {@code meridian_test_*}, and drops them afterwards.
 */
final class TestPostgres {

    static final String DEFAULT_LOCATION = "postgresql://postgres@127.0.0.1:5432/test";
    static final String LOCATION = envOr("MERIDIAN_TEST_POSTGRES", DEFAULT_LOCATION);

    private static volatile String unreachable;
    private static volatile boolean checked;

    private TestPostgres() {}

    /** Null if PostgreSQL answers; otherwise why not. Checked once per JVM. */
    static synchronized String unreachable() {
        if (!checked) {
            try (Connection ignored = connect(LocationParser.parse(LOCATION))) {
                unreachable = null;
            } catch (SQLException | RuntimeException e) {
                unreachable = e.getMessage();
            }
            checked = true;
        }
        return unreachable;
    }

    static String newSchema() {
        return "meridian_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    /** The test location with {@code schema} (and any extra parameters such as {@code poolSize=2}). */
    static String location(String schema, String... parameters) {
        StringBuilder location = new StringBuilder(LOCATION).append(LOCATION.contains("?") ? '&' : '?')
                .append("schema=").append(schema);
        for (String parameter : parameters) {
            location.append('&').append(parameter);
        }
        return location.toString();
    }

    static PostgresStore openStore(String schema, String... parameters) {
        return PostgresStore.open(location(schema, parameters));
    }

    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Runs administrative SQL on its own connection (outside any store's pool). */
    static void execute(String sql) {
        try (Connection c = connect(LocationParser.parse(LOCATION)); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed at " + LocationParser.redact(LOCATION), e);
        }
    }

    /** A plain connection outside any pool, with the location's schema as its search path. */
    static Connection connect(PostgresLocation location) throws SQLException {
        Properties properties = location.driverProperties();
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("currentSchema", location.schema());
        if (location.user() != null) {
            properties.setProperty("user", location.user());
        }
        if (location.password() != null) {
            properties.setProperty("password", location.password());
        }
        return DriverManager.getConnection(location.jdbcUrl(), properties);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
