package io.meridian.store.jdbc;

import static io.meridian.store.jdbc.Columns.getJson;
import static io.meridian.store.jdbc.Columns.setJson;
import static io.meridian.store.jdbc.Columns.setText;

import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.store.ExecutionRecord;
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
public final class StageRows {

    public static final List<String> COLUMNS = List.of("stage_id", "status", "jobs", "jobs_done", "attempts",
            "output", "error", "started", "finished");
    public static final String COLUMN_LIST = String.join(", ", COLUMNS);

    public static final String DELETE_OF_EXECUTION = "DELETE FROM execution_stages WHERE execution_id = ?";

    /** Well under every database's limit on bound parameters per statement (SQLite's is the lowest). */
    private static final int IDS_PER_QUERY = 500;

    private final Dialect dialect;
    private final String upsert;

    public StageRows(Dialect dialect) {
        this.dialect = dialect;
        // Writes a stage only if its execution is stored: the update count is 0 otherwise, and the writer refuses
        // the batch. An upsert keeps the row, so stages stay in the order they were first written.
        this.upsert = "INSERT INTO execution_stages (execution_id, " + COLUMN_LIST + ") SELECT "
                + Columns.placeholders(COLUMNS.size() + 1) + dialect.noTable()
                + " WHERE EXISTS (SELECT 1 FROM executions WHERE id = ?) "
                + dialect.onConflict(List.of("execution_id", "stage_id"), COLUMNS.subList(1, COLUMNS.size()));
    }

    public String upsert() {
        return upsert;
    }

    public void bind(PreparedStatement ps, String executionId, StageRun run) throws SQLException {
        setText(ps, 1, executionId);
        setText(ps, 2, run.stageId());
        ps.setString(3, run.status().name());
        ps.setInt(4, run.jobs());
        ps.setInt(5, run.jobsDone());
        ps.setInt(6, run.attempts());
        setJson(ps, 7, run.output());
        setText(ps, 8, run.error());
        dialect.setInstant(ps, 9, run.startedAt());
        dialect.setInstant(ps, 10, run.finishedAt());
        setText(ps, 11, executionId);
    }

    /** Reads a row whose columns start at {@code first} in {@link #COLUMNS} order. */
    public StageRun read(ResultSet rs, int first) throws SQLException {
        return new StageRun(rs.getString(first), StageStatus.valueOf(rs.getString(first + 1)), rs.getInt(first + 2),
                rs.getInt(first + 3), rs.getInt(first + 4), getJson(rs, first + 5), rs.getString(first + 6),
                dialect.getInstant(rs, first + 7), dialect.getInstant(rs, first + 8));
    }

    /** The executions with their stages (call it in the snapshot that read the headers). */
    public List<ExecutionRecord> attach(Connection c, List<ExecutionRecord> headers) throws SQLException {
        Map<String, Map<String, StageRun>> stages = of(c, headers.stream().map(ExecutionRecord::id).toList());
        return headers.stream().map(x -> ExecutionRows.withStages(x, stages.get(x.id()))).toList();
    }

    /** The stages of these executions, by execution id then stage id; a few queries however many ids. */
    public Map<String, Map<String, StageRun>> of(Connection c, List<String> executionIds) throws SQLException {
        Map<String, Map<String, StageRun>> stages = new HashMap<>();
        for (int from = 0; from < executionIds.size(); from += IDS_PER_QUERY) {
            List<String> chunk = executionIds.subList(from, Math.min(executionIds.size(), from + IDS_PER_QUERY));
            String sql = "SELECT execution_id, " + COLUMN_LIST + " FROM execution_stages WHERE execution_id IN ("
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
