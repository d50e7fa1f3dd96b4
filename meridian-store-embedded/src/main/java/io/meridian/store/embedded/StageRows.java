package io.meridian.store.embedded;

import static io.meridian.store.embedded.Columns.getInstant;
import static io.meridian.store.embedded.Columns.getJson;
import static io.meridian.store.embedded.Columns.setInstant;
import static io.meridian.store.embedded.Columns.setJson;

import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code execution_stages} table: one row per stage of an execution, so a stage that changes is written on
 * its own instead of inside a document holding every stage.
 */
final class StageRows {

    static final String COLUMNS = "stage_id, status, jobs, jobs_done, attempts, output, error, started, finished";

    /**
     * Writes a stage only if its execution is stored: the update count is 0 otherwise, and the writer refuses the
     * batch. An upsert keeps the row (and its rowid), so stages stay in the order they were first written.
     */
    static final String UPSERT = "INSERT INTO execution_stages (execution_id, " + COLUMNS + ") "
            + "SELECT ?,?,?,?,?,?,?,?,?,? WHERE EXISTS (SELECT 1 FROM executions WHERE id = ?) "
            + "ON CONFLICT (execution_id, stage_id) DO UPDATE SET status = excluded.status, jobs = excluded.jobs, "
            + "jobs_done = excluded.jobs_done, attempts = excluded.attempts, output = excluded.output, "
            + "error = excluded.error, started = excluded.started, finished = excluded.finished";

    static final String DELETE_OF_EXECUTION = "DELETE FROM execution_stages WHERE execution_id = ?";

    /** Well under SQLite's limit on bound parameters per statement. */
    private static final int IDS_PER_QUERY = 500;

    private StageRows() {}

    static void bind(PreparedStatement ps, String executionId, StageRun run) throws SQLException {
        ps.setString(1, executionId);
        ps.setString(2, run.stageId());
        ps.setString(3, run.status().name());
        ps.setInt(4, run.jobs());
        ps.setInt(5, run.jobsDone());
        ps.setInt(6, run.attempts());
        setJson(ps, 7, run.output());
        ps.setString(8, run.error());
        setInstant(ps, 9, run.startedAt());
        setInstant(ps, 10, run.finishedAt());
        ps.setString(11, executionId);
    }

    /** Reads a row whose columns start at {@code first} in {@link #COLUMNS} order. */
    static StageRun read(ResultSet rs, int first) throws SQLException {
        return new StageRun(rs.getString(first), StageStatus.valueOf(rs.getString(first + 1)), rs.getInt(first + 2),
                rs.getInt(first + 3), rs.getInt(first + 4), getJson(rs, first + 5), rs.getString(first + 6),
                getInstant(rs, first + 7), getInstant(rs, first + 8));
    }

    /** The stages of these executions, by execution id then stage id; a few queries however many ids. */
    static Map<String, Map<String, StageRun>> of(Connection c, List<String> executionIds) throws SQLException {
        Map<String, Map<String, StageRun>> stages = new HashMap<>();
        for (int from = 0; from < executionIds.size(); from += IDS_PER_QUERY) {
            List<String> chunk = executionIds.subList(from, Math.min(executionIds.size(), from + IDS_PER_QUERY));
            String sql = "SELECT execution_id, " + COLUMNS + " FROM execution_stages WHERE execution_id IN ("
                    + Columns.placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StageRun run = read(rs, 2);
                        stages.computeIfAbsent(rs.getString(1), id -> new HashMap<>()).put(run.stageId(), run);
                    }
                }
            }
        }
        return stages;
    }
}
