package io.meridian.store.postgres;

import static io.meridian.store.postgres.Columns.getInstant;
import static io.meridian.store.postgres.Columns.getJson;
import static io.meridian.store.postgres.Columns.setInstant;
import static io.meridian.store.postgres.Columns.setJson;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** The {@code executions} table: its SQL, and mapping between rows and {@link ExecutionRecord}s. */
final class ExecutionRows {

    static final String COLUMNS = "id, pipeline, inputs, status, stages, error, request_id, created, updated";
    static final String SELECT = "SELECT " + COLUMNS + " FROM executions ";

    /** pipeline_id and pipeline_version are copies of the pipeline document's, kept for queries. */
    static final String UPSERT = "INSERT INTO executions (" + COLUMNS + ", pipeline_id, pipeline_version) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET pipeline = excluded.pipeline, "
            + "inputs = excluded.inputs, status = excluded.status, stages = excluded.stages, error = excluded.error, "
            + "request_id = excluded.request_id, created = excluded.created, updated = excluded.updated, "
            + "pipeline_id = excluded.pipeline_id, pipeline_version = excluded.pipeline_version";

    private static final TypeReference<Map<String, StageRun>> STAGE_RUNS = new TypeReference<>() {};

    private ExecutionRows() {}

    static void bind(PreparedStatement ps, ExecutionRecord e) throws SQLException {
        ps.setString(1, Columns.text(e.id()));
        setJson(ps, 2, e.pipeline());
        setJson(ps, 3, e.inputs());
        ps.setString(4, e.status().name());
        setJson(ps, 5, e.stages());
        ps.setString(6, Columns.text(e.error()));
        ps.setString(7, Columns.text(e.requestId()));
        setInstant(ps, 8, e.createdAt());
        setInstant(ps, 9, e.updatedAt());
        ps.setString(10, Columns.text(e.pipeline().id()));
        ps.setInt(11, e.pipeline().version());
    }

    static ExecutionRecord read(ResultSet rs) throws SQLException {
        return new ExecutionRecord(rs.getString(1), getJson(rs, 2, Pipeline.class), getJson(rs, 3),
                ExecutionStatus.valueOf(rs.getString(4)), StoreJson.MAPPER.readValue(rs.getString(5), STAGE_RUNS),
                rs.getString(6), rs.getString(7), getInstant(rs, 8), getInstant(rs, 9));
    }
}
