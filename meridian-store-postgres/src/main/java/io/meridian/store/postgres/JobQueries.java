package io.meridian.store.postgres;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.jdbc.JobRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads of the {@code jobs} table, each served by an index range (see V1__init.sql). */
final class JobQueries {

    private JobQueries() {}

    static List<JobRecord> ofExecution(Connection c, String executionId) throws SQLException {
        return Sql.select(c, JobRows.SELECT + "WHERE execution_id = ? ORDER BY created, seq",
                ps -> ps.setString(1, executionId), PostgresDialect.ROWS.jobs()::read);
    }

    /**
     * One index range per status, merged: with {@code status IN (...)} PostgreSQL would read every matching job
     * and sort them all before applying the limit. As a UNION ALL of ordered, limited ranges it plans a
     * Merge Append that stops after {@code limit} rows.
     */
    static List<JobRecord> byStatus(Connection c, Set<JobStatus> statuses, int limit) throws SQLException {
        if (statuses.isEmpty() || limit < 1) {
            return List.of();
        }
        List<JobStatus> ordered = new ArrayList<>(statuses);
        String range = "(SELECT " + JobRows.COLUMNS + ", seq FROM jobs WHERE status = ? ORDER BY created, seq LIMIT ?)";
        String sql = "SELECT " + JobRows.COLUMNS + " FROM ("
                + String.join(" UNION ALL ", java.util.Collections.nCopies(ordered.size(), range))
                + ") AS ranges ORDER BY created, seq LIMIT ?";
        return Sql.select(c, sql, ps -> {
            int i = 1;
            for (JobStatus status : ordered) {
                ps.setString(i++, status.name());
                ps.setInt(i++, limit);
            }
            ps.setInt(i, limit);
        }, PostgresDialect.ROWS.jobs()::read);
    }

    static Map<JobStatus, Long> countByStatus(Connection c) throws SQLException {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        Sql.select(c, "SELECT status, count(*) FROM jobs GROUP BY status", Sql.NO_PARAMETERS,
                rs -> counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }
}
