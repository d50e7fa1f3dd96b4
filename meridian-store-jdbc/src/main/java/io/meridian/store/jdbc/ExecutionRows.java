package io.meridian.store.jdbc;

import static io.meridian.store.jdbc.Columns.getJson;
import static io.meridian.store.jdbc.Columns.setJson;
import static io.meridian.store.jdbc.Columns.setText;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * An execution's header rows and their mapping to {@link ExecutionRecord}s. The header is split in two: the
 * {@code executions} row holds what changes (status, error, updated) and stays small, and the
 * {@code execution_definitions} row holds what never changes (pipeline and inputs, which can be large), so a
 * status change never rewrites the pipeline (SQLite rewrites a whole row, overflow pages included, on any update;
 * InnoDB logs the old row for every update). Stages are rows of their own ({@link StageRows}). PostgreSQL, whose
 * TOAST storage already leaves untouched large columns alone, keeps one table and only uses {@link #readHeader}.
 */
public final class ExecutionRows {

    /** Header columns in {@link #readHeader} order; {@code id} is shared by both tables, joined USING it. */
    public static final String COLUMNS = "id, pipeline, inputs, status, error, request_id, created, updated";
    public static final String SELECT = "SELECT " + COLUMNS + " FROM executions JOIN execution_definitions USING (id) ";

    public static final String UPDATE_STATUS = "UPDATE executions SET status = ?, error = ?, updated = ? WHERE id = ?";

    private static final List<String> HEADER = List.of("id", "status", "error", "request_id", "created", "updated",
            "pipeline_id", "pipeline_version");
    private static final List<String> DEFINITION = List.of("id", "pipeline", "inputs");

    private final Dialect dialect;
    private final String upsert;
    private final String upsertDefinition;

    public ExecutionRows(Dialect dialect) {
        this.dialect = dialect;
        // an upsert keeps the row (SQLite's INSERT OR REPLACE would delete it and give it a new rowid); the
        // pipeline's id and version are copied into their own columns for queries
        this.upsert = dialect.upsert("executions", HEADER, List.of("id"), HEADER.subList(1, HEADER.size()));
        this.upsertDefinition = dialect.upsert("execution_definitions", DEFINITION, List.of("id"),
                DEFINITION.subList(1, DEFINITION.size()));
    }

    public String upsert() {
        return upsert;
    }

    public String upsertDefinition() {
        return upsertDefinition;
    }

    public void bind(PreparedStatement ps, ExecutionRecord e) throws SQLException {
        setText(ps, 1, e.id());
        ps.setString(2, e.status().name());
        setText(ps, 3, e.error());
        setText(ps, 4, e.requestId());
        dialect.setInstant(ps, 5, e.createdAt());
        dialect.setInstant(ps, 6, e.updatedAt());
        setText(ps, 7, e.pipeline().id());
        ps.setInt(8, e.pipeline().version());
    }

    public void bindDefinition(PreparedStatement ps, ExecutionRecord e) throws SQLException {
        setText(ps, 1, e.id());
        setJson(ps, 2, e.pipeline());
        setJson(ps, 3, e.inputs());
    }

    /** Binds {@link #UPDATE_STATUS}. */
    public void bindStatus(PreparedStatement ps, StoreWrite.PutExecutionStatus s) throws SQLException {
        ps.setString(1, s.status().name());
        setText(ps, 2, s.error());
        dialect.setInstant(ps, 3, s.updatedAt());
        setText(ps, 4, s.executionId());
    }

    /** The header of a row whose columns are {@link #COLUMNS}, with no stages yet: see {@link #withStages}. */
    public ExecutionRecord readHeader(ResultSet rs) throws SQLException {
        return new ExecutionRecord(rs.getString(1), getJson(rs, 2, Pipeline.class), getJson(rs, 3),
                ExecutionStatus.valueOf(rs.getString(4)), Map.of(), rs.getString(5), rs.getString(6),
                dialect.getInstant(rs, 7), dialect.getInstant(rs, 8));
    }

    public static ExecutionRecord withStages(ExecutionRecord header, Map<String, StageRun> stages) {
        return new ExecutionRecord(header.id(), header.pipeline(), header.inputs(), header.status(),
                stages == null ? Map.of() : stages, header.error(), header.requestId(), header.createdAt(),
                header.updatedAt());
    }
}
