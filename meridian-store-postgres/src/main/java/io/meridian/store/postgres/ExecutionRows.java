package io.meridian.store.postgres;

import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreWrite;
import io.meridian.store.jdbc.Columns;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code executions} table, an execution's header: its SQL, and mapping between rows and {@link ExecutionRecord}s.
 * Stages are rows of their own ({@link StageRows}). Unlike the other SQL stores, one table holds the whole header,
 * since a status change updates only the small columns here: the pipeline and inputs, when large, sit in TOAST
 * storage that an update leaving them alone does not rewrite. Rows are read as every SQL store reads them.
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
        Columns.setJson(ps, 2, e.pipeline());
        Columns.setJson(ps, 3, e.inputs());
        ps.setString(4, e.status().name());
        ps.setString(5, Columns.text(e.error()));
        ps.setString(6, Columns.text(e.requestId()));
        PgColumns.setInstant(ps, 7, e.createdAt());
        PgColumns.setInstant(ps, 8, e.updatedAt());
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
            updated[i] = PgColumns.instantText(s.updatedAt());
        }
        var c = ps.getConnection();
        ps.setArray(1, c.createArrayOf("text", id));
        ps.setArray(2, c.createArrayOf("text", status));
        ps.setArray(3, c.createArrayOf("text", error));
        ps.setArray(4, c.createArrayOf("text", updated));
    }

    /** The header of a {@link #SELECT} row, with no stages yet: mapped as every SQL store maps it. */
    static ExecutionRecord readHeader(ResultSet rs) throws SQLException {
        return PostgresDialect.ROWS.executions().readHeader(rs);
    }
}
