package io.meridian.store.embedded;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.DeletedExecutions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes old terminal executions (header, definition and stage rows) with their jobs and checkpoints, one
 * bounded batch per transaction.
 */
final class SqliteRetention {

    /** Well under SQLite's limit on bound parameters per statement. */
    private static final int IDS_PER_STATEMENT = 500;

    private SqliteRetention() {}

    static DeletedExecutions deleteExecutions(Connection c, Instant olderThan, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM executions WHERE status IN "
                + "('SUCCEEDED', 'FAILED', 'CANCELLED') AND updated < ? ORDER BY updated LIMIT ?")) {
            select.setLong(1, olderThan.toEpochMilli());
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        Map<JobStatus, Long> jobsGone = new EnumMap<>(JobStatus.class);
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT));
            JobDeletion.delete(c, "execution_id IN (" + Columns.placeholders(chunk.size()) + ")", chunk, jobsGone);
            delete(c, "DELETE FROM checkpoints WHERE execution_id IN ", chunk);
            delete(c, "DELETE FROM execution_stages WHERE execution_id IN ", chunk);
            delete(c, "DELETE FROM execution_definitions WHERE id IN ", chunk);
            delete(c, "DELETE FROM executions WHERE id IN ", chunk);
        }
        return new DeletedExecutions(ids.size(), jobsGone);
    }

    private static void delete(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(sql + "(" + Columns.placeholders(ids.size()) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                delete.setString(i + 1, ids.get(i));
            }
            delete.executeUpdate();
        }
    }
}
