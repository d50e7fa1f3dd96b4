package io.meridian.store.jdbc;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.DeletedExecutions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deleting what is finished and old, inside the caller's transaction. Rows are first selected (and locked, where
 * writers run concurrently) and then deleted by id, so the counts reported are exactly what went: the engine
 * keeps counts of finished jobs in memory and subtracts these.
 */
public final class Retention {

    /** Well under every database's limit on bound parameters per statement (SQLite's is the lowest). */
    private static final int IDS_PER_STATEMENT = 500;

    private record Gone(String id, JobStatus status) {}

    private final Queries queries;
    private final Dialect dialect;

    public Retention(Queries queries, Dialect dialect) {
        this.queries = queries;
        this.dialect = dialect;
    }

    /** Deletes at most {@code limit} old terminal executions with their stages, jobs and checkpoints. */
    public DeletedExecutions deleteExecutions(Connection c, Instant olderThan, int limit) throws SQLException {
        if (limit < 1) {
            return DeletedExecutions.NONE;
        }
        List<String> ids = queries.select(c, "SELECT id FROM executions WHERE status IN "
                + "('SUCCEEDED', 'FAILED', 'CANCELLED') AND updated < ? ORDER BY updated LIMIT ?" + dialect.forUpdate(),
                rs -> rs.getString(1), olderThan, limit);
        Map<JobStatus, Long> jobsGone = new EnumMap<>(JobStatus.class);
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT));
            String in = "(" + Columns.placeholders(chunk.size()) + ")";
            deleteJobs(c, "execution_id IN " + in, chunk.toArray(), jobsGone);
            delete(c, "DELETE FROM checkpoints WHERE execution_id IN " + in, chunk);
            delete(c, "DELETE FROM execution_stages WHERE execution_id IN " + in, chunk);
            delete(c, "DELETE FROM execution_definitions WHERE id IN " + in, chunk);
            delete(c, "DELETE FROM executions WHERE id IN " + in, chunk);
        }
        return new DeletedExecutions(ids.size(), jobsGone);
    }

    /** Deletes old jobs in these states; returns how many of each state went. */
    public Map<JobStatus, Long> deleteJobs(Connection c, Set<JobStatus> statuses, Instant olderThan)
            throws SQLException {
        Map<JobStatus, Long> gone = new EnumMap<>(JobStatus.class);
        if (statuses.isEmpty()) {
            return gone;
        }
        List<Object> params = new ArrayList<>();
        statuses.stream().map(JobStatus::name).sorted().forEach(params::add);
        params.add(olderThan);
        deleteJobs(c, "status IN (" + Columns.placeholders(statuses.size()) + ") AND updated < ?", params.toArray(),
                gone);
        return gone;
    }

    /** Deletes the jobs matching {@code where}; adds what went to {@code gone}, by state. */
    private void deleteJobs(Connection c, String where, Object[] params, Map<JobStatus, Long> gone)
            throws SQLException {
        List<Gone> doomed = queries.select(c, "SELECT id, status FROM jobs WHERE " + where + dialect.forUpdate(),
                rs -> new Gone(rs.getString(1), JobStatus.valueOf(rs.getString(2))), params);
        for (int from = 0; from < doomed.size(); from += IDS_PER_STATEMENT) {
            List<Gone> chunk = doomed.subList(from, Math.min(doomed.size(), from + IDS_PER_STATEMENT));
            delete(c, "DELETE FROM jobs WHERE id IN (" + Columns.placeholders(chunk.size()) + ")",
                    chunk.stream().map(Gone::id).toList());
            chunk.forEach(g -> gone.merge(g.status(), 1L, Long::sum));
        }
    }

    private static void delete(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                delete.setString(i + 1, ids.get(i));
            }
            delete.executeUpdate();
        }
    }
}
