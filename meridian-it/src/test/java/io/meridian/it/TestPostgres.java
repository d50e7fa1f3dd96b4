package io.meridian.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL for process tests, one fresh schema per test. Unreachable: the test is skipped with
 * a message, unless MERIDIAN_REQUIRE_POSTGRES=1 (as in CI), where it fails instead of passing silently.
 */
final class TestPostgres implements AutoCloseable {
    private static final String HOST = System.getenv().getOrDefault("MERIDIAN_TEST_PG_HOST", "127.0.0.1:5432");
    final String schema = "meridian_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    static TestPostgres requireOrSkip() {
        try (Connection c = connect()) {
            return new TestPostgres();
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + HOST + " (" + e.getMessage() + "): PostgreSQL tests skipped";
            if ("1".equals(System.getenv("MERIDIAN_REQUIRE_POSTGRES"))) {
                throw new AssertionError(why.replace("skipped", "required here (MERIDIAN_REQUIRE_POSTGRES=1)"), e);
            }
            Assumptions.abort(why);
            throw new IllegalStateException(why);
        }
    }

    /** The store location the servers are given. */
    String location() {
        return "postgresql://postgres@" + HOST + "/test?schema=" + schema;
    }

    /** Bytes the test's schema takes on disk: every table with its indexes and TOAST. */
    long bytes() throws SQLException {
        try (Connection c = connect(); var q = c.prepareStatement(
                "SELECT coalesce(sum(pg_total_relation_size(t.oid)), 0) FROM pg_class t "
                        + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relkind = 'r'")) {
            q.setString(1, schema);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Each table of the schema with its bytes on disk (indexes and TOAST included), largest first. */
    String tableSizes() throws SQLException {
        try (Connection c = connect(); var q = c.prepareStatement(
                "SELECT t.relname, pg_total_relation_size(t.oid) FROM pg_class t "
                        + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relkind = 'r' "
                        + "ORDER BY 2 DESC")) {
            q.setString(1, schema);
            StringBuilder out = new StringBuilder();
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    out.append(out.isEmpty() ? "" : " ").append(rs.getString(1)).append('=').append(rs.getLong(2));
                }
            }
            return out.toString();
        }
    }

    /** Runs SQL in this test's database (not confined to the schema: name it). */
    void execute(String sql) throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + "/test", "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
