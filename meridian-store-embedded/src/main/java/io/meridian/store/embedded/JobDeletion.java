package io.meridian.store.embedded;

import io.meridian.model.execution.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Deletes jobs and reports how many of each state went, so that the engine can keep its counts of finished jobs
 * exact without counting the table again. The rows are counted just before the delete, inside the caller's write
 * transaction (BEGIN IMMEDIATE, so no other writer comes in between); a delete that removes a different number
 * of rows than were counted fails the transaction rather than report wrong counts.
 */
final class JobDeletion {

    private JobDeletion() {}

    /** Deletes the jobs matching {@code where} (bound to {@code params}); adds what went to {@code gone}. */
    static void delete(Connection c, String where, List<?> params, Map<JobStatus, Long> gone) throws SQLException {
        long counted = 0;
        try (PreparedStatement count = c.prepareStatement(
                "SELECT status, count(*) FROM jobs WHERE " + where + " GROUP BY status")) {
            bind(count, params);
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    gone.merge(JobStatus.valueOf(rs.getString(1)), rs.getLong(2), Long::sum);
                    counted += rs.getLong(2);
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM jobs WHERE " + where)) {
            bind(delete, params);
            int deleted = delete.executeUpdate();
            if (deleted != counted) {
                throw new IllegalStateException("deleted " + deleted + " jobs but counted " + counted
                        + " just before, in the same transaction");
            }
        }
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }
}
