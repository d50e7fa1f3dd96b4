package io.meridian.store.embedded;

import static io.meridian.store.embedded.Columns.getInstant;
import static io.meridian.store.embedded.Columns.getJson;
import static io.meridian.store.embedded.Columns.setInstant;
import static io.meridian.store.embedded.Columns.setJson;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * An execution's header rows and their mapping to {@link ExecutionRecord}s. The header is split in two: the
 * {@code executions} row holds what changes (status, error, updated) and stays small, and the
 * {@code execution_definitions} row holds what never changes (pipeline and inputs, which can be large). SQLite
 * rewrites a whole row, overflow pages included, on any update, so a status change must not touch the pipeline.
 * Stages are rows of their own ({@link StageRows}).
 */
final class ExecutionRows {

    /** Header columns in {@link #readHeader} order; {@code id} is shared by both tables, joined USING it. */
    static final String COLUMNS = "id, pipeline, inputs, status, error, request_id, created, updated";
    static final String SELECT = "SELECT " + COLUMNS + " FROM executions JOIN execution_definitions USING (id) ";

    /**
     * An upsert rather than INSERT OR REPLACE, which would delete the row and give it a new rowid. The pipeline's
     * id and version are copied into their own columns for queries.
     */
    static final String UPSERT = "INSERT INTO executions (id, status, error, request_id, created, updated, "
            + "pipeline_id, pipeline_version) VALUES (?,?,?,?,?,?,?,?) "
            + "ON CONFLICT (id) DO UPDATE SET status = excluded.status, error = excluded.error, "
            + "request_id = excluded.request_id, created = excluded.created, updated = excluded.updated, "
            + "pipeline_id = excluded.pipeline_id, pipeline_version = excluded.pipeline_version";

    static final String UPSERT_DEFINITION = "INSERT INTO execution_definitions (id, pipeline, inputs) VALUES (?,?,?) "
            + "ON CONFLICT (id) DO UPDATE SET pipeline = excluded.pipeline, inputs = excluded.inputs";

    static final String UPDATE_STATUS = "UPDATE executions SET status = ?, error = ?, updated = ? WHERE id = ?";

    private ExecutionRows() {}

    static void bind(PreparedStatement ps, ExecutionRecord e) throws SQLException {
        ps.setString(1, e.id());
        ps.setString(2, e.status().name());
        ps.setString(3, e.error());
        ps.setString(4, e.requestId());
        setInstant(ps, 5, e.createdAt());
        setInstant(ps, 6, e.updatedAt());
        ps.setString(7, e.pipeline().id());
        ps.setInt(8, e.pipeline().version());
    }

    static void bindDefinition(PreparedStatement ps, ExecutionRecord e) throws SQLException {
        ps.setString(1, e.id());
        setJson(ps, 2, e.pipeline());
        setJson(ps, 3, e.inputs());
    }

    static void bindStatus(PreparedStatement ps, StoreWrite.PutExecutionStatus s) throws SQLException {
        ps.setString(1, s.status().name());
        ps.setString(2, s.error());
        setInstant(ps, 3, s.updatedAt());
        ps.setString(4, s.executionId());
    }

    /** The header of a {@link #SELECT} row, with no stages yet: see {@link #withStages}. */
    static ExecutionRecord readHeader(ResultSet rs) throws SQLException {
        return new ExecutionRecord(rs.getString(1), getJson(rs, 2, Pipeline.class), getJson(rs, 3),
                ExecutionStatus.valueOf(rs.getString(4)), Map.of(), rs.getString(5), rs.getString(6),
                getInstant(rs, 7), getInstant(rs, 8));
    }

    static ExecutionRecord withStages(ExecutionRecord header, Map<String, StageRun> stages) {
        return new ExecutionRecord(header.id(), header.pipeline(), header.inputs(), header.status(),
                stages == null ? Map.of() : stages, header.error(), header.requestId(), header.createdAt(),
                header.updatedAt());
    }
}
