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
 * exact without counting the table again. One statement: the delete returns the status of every row it removed.
 */
final class JobDeletion {

    private JobDeletion() {}

    /** Deletes the jobs matching {@code where} (bound to {@code params}); adds what went to {@code gone}. */
    static void delete(Connection c, String where, List<?> params, Map<JobStatus, Long> gone) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM jobs WHERE " + where + " RETURNING status")) {
            for (int i = 0; i < params.size(); i++) {
                delete.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    gone.merge(JobStatus.valueOf(rs.getString(1)), 1L, Long::sum);
                }
            }
        }
    }
}
