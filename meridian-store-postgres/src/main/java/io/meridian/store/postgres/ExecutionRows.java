package io.meridian.store.postgres;

import static io.meridian.store.postgres.Columns.getInstant;
import static io.meridian.store.postgres.Columns.getJson;
import static io.meridian.store.postgres.Columns.setInstant;
import static io.meridian.store.postgres.Columns.setJson;

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
 * The {@code executions} table, an execution's header: its SQL, and mapping between rows and {@link ExecutionRecord}s.
 * Stages are rows of their own ({@link StageRows}). A status change updates only the small columns here: the
 * pipeline and inputs, when large, sit in TOAST storage that an update leaving them alone does not rewrite.
 */
final class ExecutionRows {

    static final String COLUMNS = "id, pipeline, inputs, status, error, request_id, created, updated";
    static final String SELECT = "SELECT " + COLUMNS + " FROM executions ";

    /** pipeline_id and pipeline_version are copies of the pipeline document's, kept for queries. */
    static final String UPSERT = "INSERT INTO executions (" + COLUMNS + ", pipeline_id, pipeline_version) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET pipeline = excluded.pipeline, "
            + "inputs = excluded.inputs, status = excluded.status, error = excluded.error, "
            + "request_id = excluded.request_id, created = excluded.created, updated = excluded.updated, "
            + "pipeline_id = excluded.pipeline_id, pipeline_version = excluded.pipeline_version";

    /** Sets status, error and updated of every listed execution in one statement; returns the ids it found. */
    static final String UPDATE_STATUSES = "UPDATE executions AS e SET status = v.status, error = v.error, "
            + "updated = v.updated FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) "
            + "AS v(id, status, error, updated) WHERE e.id = v.id COLLATE \"C\" RETURNING e.id";

    private ExecutionRows() {}

    static void bind(PreparedStatement ps, ExecutionRecord e) throws SQLException {
        ps.setString(1, Columns.text(e.id()));
        setJson(ps, 2, e.pipeline());
        setJson(ps, 3, e.inputs());
        ps.setString(4, e.status().name());
        ps.setString(5, Columns.text(e.error()));
        ps.setString(6, Columns.text(e.requestId()));
        setInstant(ps, 7, e.createdAt());
        setInstant(ps, 8, e.updatedAt());
        ps.setString(9, Columns.text(e.pipeline().id()));
        ps.setInt(10, e.pipeline().version());
    }

    /** Binds {@link #UPDATE_STATUSES}: element i of every array is {@code statuses.get(i)}. */
    static void bindStatuses(PreparedStatement ps, List<StoreWrite.PutExecutionStatus> statuses) throws SQLException {
        int n = statuses.size();
        String[] id = new String[n];
        String[] status = new String[n];
        String[] error = new String[n];
        String[] updated = new String[n];
        for (int i = 0; i < n; i++) {
            StoreWrite.PutExecutionStatus s = statuses.get(i);
            id[i] = s.executionId();
            status[i] = s.status().name();
            error[i] = Columns.text(s.error());
            updated[i] = Columns.instantText(s.updatedAt());
        }
        var c = ps.getConnection();
        ps.setArray(1, c.createArrayOf("text", id));
        ps.setArray(2, c.createArrayOf("text", status));
        ps.setArray(3, c.createArrayOf("text", error));
        ps.setArray(4, c.createArrayOf("text", updated));
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
