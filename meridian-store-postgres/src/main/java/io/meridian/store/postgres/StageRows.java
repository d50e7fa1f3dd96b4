package io.meridian.store.postgres;


import io.meridian.model.execution.StageRun;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.ExecutionRows;
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

    private static final String COLUMNS =
            "stage_id, status, jobs, jobs_done, attempts, output, error, started, finished";

    /**
     * Upserts every listed stage in one statement, skipping (and so not returning) stages whose execution is not
     * stored: the caller compares what came back with what it sent.
     */
    static final String UPSERT = "INSERT INTO execution_stages (execution_id, " + COLUMNS + ") "
            + "SELECT v.* FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::text[], "
            + "?::text[], ?::timestamptz[], ?::timestamptz[]) AS v(execution_id, " + COLUMNS + ") "
            + "WHERE EXISTS (SELECT 1 FROM executions e WHERE e.id = v.execution_id COLLATE \"C\") "
            + "ON CONFLICT (execution_id, stage_id) DO UPDATE SET status = excluded.status, jobs = excluded.jobs, "
            + "jobs_done = excluded.jobs_done, attempts = excluded.attempts, output = excluded.output, "
            + "error = excluded.error, started = excluded.started, finished = excluded.finished "
            + "RETURNING execution_id";

    static final String DELETE_OF_EXECUTIONS = "DELETE FROM execution_stages WHERE execution_id = ANY (?)";

    private static final String SELECT_OF_EXECUTIONS = "SELECT execution_id, " + COLUMNS
            + " FROM execution_stages WHERE execution_id = ANY (?)";

    /** One stage row to write: the stage and the execution it belongs to. */
    record Row(String executionId, StageRun run) {}

    private StageRows() {}

    /** Binds {@link #UPSERT}: element i of every array is {@code rows.get(i)}. */
    static void bind(PreparedStatement ps, List<Row> rows) throws SQLException {
        int n = rows.size();
        String[] execution = new String[n];
        String[] stage = new String[n];
        String[] status = new String[n];
        Integer[] jobs = new Integer[n];
        Integer[] done = new Integer[n];
        Integer[] attempts = new Integer[n];
        String[] output = new String[n];
        String[] error = new String[n];
        String[] started = new String[n];
        String[] finished = new String[n];
        for (int i = 0; i < n; i++) {
            StageRun r = rows.get(i).run();
            execution[i] = rows.get(i).executionId();
            stage[i] = r.stageId();
            status[i] = r.status().name();
            jobs[i] = r.jobs();
            done[i] = r.jobsDone();
            attempts[i] = r.attempts();
            output[i] = Columns.json(r.output());
            error[i] = Columns.text(r.error());
            started[i] = PgColumns.instantText(r.startedAt());
            finished[i] = PgColumns.instantText(r.finishedAt());
        }
        Connection c = ps.getConnection();
        Object[][] columns = {execution, stage, status, jobs, done, attempts, output, error, started, finished};
        String[] types = {"text", "text", "text", "int4", "int4", "int4", "text", "text", "text", "text"};
        for (int i = 0; i < columns.length; i++) {
            ps.setArray(i + 1, c.createArrayOf(types[i], columns[i]));
        }
    }

    /** The executions with their stages, read in one query (call it in the snapshot that read the headers). */
    static List<ExecutionRecord> attach(Connection c, List<ExecutionRecord> headers) throws SQLException {
        Map<String, Map<String, StageRun>> stages = of(c, headers);
        return headers.stream().map(x -> ExecutionRows.withStages(x, stages.get(x.id()))).toList();
    }

    /** The stages of these executions, by execution id then stage id, in one query. */
    private static Map<String, Map<String, StageRun>> of(Connection c, List<ExecutionRecord> headers)
            throws SQLException {
        Map<String, Map<String, StageRun>> stages = new HashMap<>();
        if (headers.isEmpty()) {
            return stages;
        }
        Object[] ids = headers.stream().map(ExecutionRecord::id).toArray();
        Sql.select(c, SELECT_OF_EXECUTIONS, ps -> ps.setArray(1, c.createArrayOf("text", ids)), rs -> {
            StageRun run = read(rs);
            return stages.computeIfAbsent(rs.getString(1), id -> new HashMap<>()).put(run.stageId(), run);
        });
        return stages;
    }

    private static StageRun read(ResultSet rs) throws SQLException {
        return PostgresDialect.ROWS.stages().read(rs, 2);
    }
}
