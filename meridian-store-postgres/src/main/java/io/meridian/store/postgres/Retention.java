package io.meridian.store.postgres;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.DeletedExecutions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Deleting what is finished and old. Each call is one transaction and bounded, so it never holds locks long. */
final class Retention {

    /**
     * Picks at most {@code limit} finished executions (the partial index on updated serves it), locks them so a
     * concurrent writer is not overtaken, and deletes their stages, jobs and checkpoints with them in one statement.
     * SKIP LOCKED lets two cleaners (or a cleaner and a writer) pass each other instead of queueing. Its rows are
     * the number of executions deleted (status null) and the number of their jobs deleted in each state: the
     * engine keeps counts of finished jobs in memory and subtracts these.
     */
    private static final String DELETE_EXECUTIONS = """
            WITH doomed AS (
                SELECT id FROM executions
                WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND updated < ?
                ORDER BY updated LIMIT ? FOR UPDATE SKIP LOCKED
            ), jobs_gone AS (
                DELETE FROM jobs WHERE execution_id IN (SELECT id FROM doomed) RETURNING status
            ), stages_gone AS (
                DELETE FROM execution_stages WHERE execution_id IN (SELECT id FROM doomed)
            ), checkpoints_gone AS (
                DELETE FROM checkpoints WHERE execution_id IN (SELECT id FROM doomed)
            ), executions_gone AS (
                DELETE FROM executions WHERE id IN (SELECT id FROM doomed) RETURNING id
            )
            SELECT NULL, count(*) FROM executions_gone
            UNION ALL
            SELECT status, count(*) FROM jobs_gone GROUP BY status""";

    /** Deletes old jobs in the given states and counts the deleted rows by state, in one statement. */
    private static final String DELETE_JOBS = """
            WITH gone AS (
                DELETE FROM jobs WHERE status = ANY (?) AND updated < ? RETURNING status
            )
            SELECT status, count(*) FROM gone GROUP BY status""";

    private Retention() {}

    static DeletedExecutions deleteExecutions(Connection c, Instant olderThan, int limit) throws SQLException {
        if (limit < 1) {
            return DeletedExecutions.NONE;
        }
        long[] executions = new long[1];
        Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
        Sql.select(c, DELETE_EXECUTIONS, ps -> {
            PgColumns.setInstant(ps, 1, olderThan);
            ps.setInt(2, limit);
        }, rs -> {
            if (rs.getString(1) == null) {
                executions[0] = rs.getLong(2);
            } else {
                jobs.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return null;
        });
        return new DeletedExecutions(Math.toIntExact(executions[0]), jobs);
    }

    static Map<JobStatus, Long> deleteJobs(Connection c, Set<JobStatus> statuses, Instant olderThan)
            throws SQLException {
        Map<JobStatus, Long> gone = new EnumMap<>(JobStatus.class);
        if (statuses.isEmpty()) {
            return gone;
        }
        Object[] names = statuses.stream().map(JobStatus::name).toArray();
        Sql.select(c, DELETE_JOBS, ps -> {
            ps.setArray(1, c.createArrayOf("text", names));
            PgColumns.setInstant(ps, 2, olderThan);
        }, rs -> gone.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return gone;
    }
}
