package io.meridian.store.postgres;

import io.meridian.store.StoreException;
import io.meridian.store.jdbc.JobRows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * EXPLAIN ANALYZE of the statements the store runs most, on a location's current data, for benchmarks that
 * check the plans at a given queue depth. Hot dispatch state (the ready queue, lease expiry) lives in the
 * leader's memory, so no claim or lease-expiry query exists: these are the statements PostgreSQL does run.
 * The count of finished jobs is among them only as the one-off count a new leader makes at the end of its queue
 * reload (after it has started serving); finished counts are kept in memory after that. Writes are explained inside a transaction that is rolled back, so nothing
 * changes.
 */
public final class HotQueryPlans {
    private HotQueryPlans() {}

    /** Statement name to its plan (with actual times), in the order run. */
    public static Map<String, List<String>> explain(String location) {
        PostgresLocation at = LocationParser.parse(location);
        Properties props = at.driverProperties();
        props.setProperty("currentSchema", at.schema());
        if (at.user() != null) {
            props.setProperty("user", at.user());
        }
        if (at.password() != null) {
            props.setProperty("password", at.password());
        }
        Map<String, List<String>> plans = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(at.jdbcUrl(), props)) {
            // Statistics as autovacuum would have them shortly after a bulk enqueue; right after one, with none
            // yet, the planner guesses a few rows per status and reads every waiting job before sorting.
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE jobs");
            }
            c.setAutoCommit(false);
            String oldestWaiting = "(SELECT " + JobRows.COLUMNS + ", seq FROM jobs WHERE status = 'WAITING' "
                    + "ORDER BY created, seq LIMIT 100)";
            plans.put("oldest 100 waiting jobs (queue listing; one range of JobQueries.byStatus)",
                    plan(c, "SELECT " + JobRows.COLUMNS + " FROM " + oldestWaiting + " AS r ORDER BY created, seq LIMIT 100"));
            plans.put("one job by id (status API)", plan(c, JobRows.SELECT + "WHERE id = (SELECT min(id) FROM jobs)"));
            plans.put("fence check (every commit)", plan(c, "SELECT epoch, expires_at > clock_timestamp() FROM leadership FOR SHARE"));
            plans.put("state change of 500 jobs (every commit; rolled back)", plan(c,
                    "UPDATE jobs AS j SET status = 'LEASED', attempt = j.attempt + 1, updated = now() FROM "
                            + "(SELECT id FROM jobs WHERE status = 'WAITING' ORDER BY created, seq LIMIT 500) AS v "
                            + "WHERE j.id = v.id"));
            // Not a per-call cost: queue stats and /metrics read counts kept in the leader's memory. A new leader
            // counts the finished jobs once, at the end of its queue reload, while it serves already.
            plans.put("finished jobs by status (once per leadership takeover, at the end of the queue reload)",
                    plan(c, "SELECT status, count(*) FROM jobs WHERE status IN ('CANCELLED', 'DEAD', 'FAILED', "
                            + "'SUCCEEDED') GROUP BY status"));
            c.rollback();
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL at " + at.where() + ": explaining the hot queries failed: "
                    + e.getMessage(), e);
        }
        return plans;
    }

    private static List<String> plan(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }
}
