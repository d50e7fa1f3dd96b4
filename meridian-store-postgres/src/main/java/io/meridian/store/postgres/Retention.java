package io.meridian.store.postgres;

import io.meridian.model.execution.JobStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/** Deleting what is finished and old. Each call is one transaction and bounded, so it never holds locks long. */
final class Retention {

    /**
     * Picks at most {@code limit} finished executions (the partial index on updated serves it), locks them so a
     * concurrent writer is not overtaken, and deletes their jobs and checkpoints with them in one statement.
     * SKIP LOCKED lets two cleaners (or a cleaner and a writer) pass each other instead of queueing.
     */
    private static final String DELETE_EXECUTIONS = """
            WITH doomed AS (
                SELECT id FROM executions
                WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND updated < ?
                ORDER BY updated LIMIT ? FOR UPDATE SKIP LOCKED
            ), jobs_gone AS (
                DELETE FROM jobs WHERE execution_id IN (SELECT id FROM doomed)
            ), checkpoints_gone AS (
                DELETE FROM checkpoints WHERE execution_id IN (SELECT id FROM doomed)
            )
            DELETE FROM executions WHERE id IN (SELECT id FROM doomed)""";

    private Retention() {}

    static int deleteExecutions(Connection c, Instant olderThan, int limit) throws SQLException {
        if (limit < 1) {
            return 0;
        }
        return Sql.update(c, DELETE_EXECUTIONS, ps -> {
            Columns.setInstant(ps, 1, olderThan);
            ps.setInt(2, limit);
        });
    }

    static int deleteJobs(Connection c, Set<JobStatus> statuses, Instant olderThan) throws SQLException {
        if (statuses.isEmpty()) {
            return 0;
        }
        Object[] names = statuses.stream().map(JobStatus::name).toArray();
        return Sql.update(c, "DELETE FROM jobs WHERE status = ANY (?) AND updated < ?", ps -> {
            ps.setArray(1, c.createArrayOf("text", names));
            Columns.setInstant(ps, 2, olderThan);
        });
    }
}
