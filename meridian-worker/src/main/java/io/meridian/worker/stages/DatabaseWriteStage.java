package io.meridian.worker.stages;

import io.meridian.model.json.Json;
import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import io.meridian.worker.stages.sql.OwnDatabaseOnly;
import io.meridian.worker.stages.sql.SqlDialect;
import io.meridian.worker.stages.sql.SqlRefused;
import io.meridian.worker.stages.sql.StatementPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code database_write}: parameterised JDBC writes to a named data source, in one transaction per job.
 * Config: {@code datasource} (default {@code default}), {@code sql} with {@code ?} placeholders (taken verbatim
 * from the pipeline: templates are refused in it), and either {@code params} (one execution) or {@code rows}
 * (a batch: arrays, or objects read in {@code columns} order); optional {@code create_table} DDL run first.
 * The parameter value {@code "$idempotency_key"} (or column name of that spelling) stands for the job's
 * idempotency key, so {@code INSERT ... ON CONFLICT DO NOTHING} makes a re-run write nothing twice.
 * Output {@code {"rows_affected": N}}. A data source is limited to its own database: {@code sql} must be one
 * INSERT, UPDATE, DELETE, REPLACE, MERGE or WITH statement and {@code create_table} one CREATE TABLE or INDEX,
 * calling no function that reaches files or other databases ({@link StatementPolicy}); SQLite connections
 * also cannot attach databases or load extensions ({@link OwnDatabaseOnly}).
 */
public final class DatabaseWriteStage implements TaskHandler {
    static final String IDEMPOTENCY_KEY = "$idempotency_key";

    @Override
    public String type() {
        return "database_write";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .optional("datasource", ConfigSchema.Kind.STRING)
                .required("sql", ConfigSchema.Kind.STRING)
                .optional("params", ConfigSchema.Kind.ARRAY)
                .optional("rows", ConfigSchema.Kind.ARRAY)
                .optional("columns", ConfigSchema.Kind.ARRAY)
                .optional("create_table", ConfigSchema.Kind.STRING)
                .closed()
                .build();
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        JsonNode c = context.config();
        String sql = verbatim(c, "sql", true);
        String ddl = verbatim(c, "create_table", false);
        String name = c.path("datasource").asString("default");
        DataSource ds = context.resource(name, DataSource.class);
        if (ds == null) {
            throw TaskFailure.badConfig("database_write: no data source named '" + name
                    + "' (configure it under datasources in meridian.yaml)");
        }
        List<List<Object>> batches = rows(c, context.idempotencyKey());
        try (Connection conn = ds.getConnection()) {
            SqlDialect dialect = SqlDialect.ofProduct(conn.getMetaData().getDatabaseProductName());
            allowed(sql, "sql", dialect);
            if (ddl != null) {
                allowed(ddl, "create_table", dialect);
            }
            OwnDatabaseOnly.restrict(conn, dialect);
            conn.setAutoCommit(false);
            try {
                if (ddl != null) {
                    try (Statement st = conn.createStatement()) {
                        st.execute(ddl);
                    }
                }
                long affected = write(conn, sql, batches);
                conn.commit();
                var out = Json.object();
                out.put("rows_affected", affected);
                return out;
            } catch (SQLException e) {
                conn.rollback();
                throw new TaskFailure("sql_error", "database_write to '" + name + "' failed: " + e.getMessage(),
                        isPermanent(e));
            }
        }
    }

    private static void allowed(String statement, String key, SqlDialect dialect) throws TaskFailure {
        try {
            if (key.equals("sql")) {
                StatementPolicy.checkWrite(statement, dialect);
            } else {
                StatementPolicy.checkCreate(statement, dialect);
            }
        } catch (SqlRefused r) {
            throw TaskFailure.badConfig("database_write: the statement in '" + key + "' is refused: " + r.getMessage()
                    + " (a data source is limited to its own database)");
        }
    }

    private static long write(Connection conn, String sql, List<List<Object>> batches) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (List<Object> params : batches) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                ps.addBatch();
            }
            long total = 0;
            for (int n : ps.executeBatch()) {
                total += Math.max(0, n);
            }
            return total;
        }
    }

    private static String verbatim(JsonNode c, String key, boolean required) throws TaskFailure {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw TaskFailure.badConfig("database_write: config '" + key + "' is required");
            }
            return null;
        }
        if (!v.isString()) {
            throw TaskFailure.badConfig("database_write: config '" + key + "' must be a string of SQL");
        }
        if (v.asString().contains("{{")) {
            throw TaskFailure.badConfig("database_write: '" + key + "' must not contain templates; pass values as "
                    + "params or rows, never inside the SQL text");
        }
        return v.asString();
    }

    private static List<List<Object>> rows(JsonNode c, String idempotencyKey) throws TaskFailure {
        List<List<Object>> out = new ArrayList<>();
        if (c.has("rows")) {
            JsonNode rows = c.get("rows");
            if (!rows.isArray()) {
                throw TaskFailure.badConfig("database_write: 'rows' must be a list, got " + rows.getNodeType());
            }
            List<String> columns = new ArrayList<>();
            c.path("columns").forEach(col -> columns.add(col.asString()));
            for (JsonNode row : rows) {
                out.add(row.isObject() ? byColumns(row, columns, idempotencyKey) : values(row, idempotencyKey));
            }
        } else {
            out.add(values(c.path("params"), idempotencyKey));
        }
        return out;
    }

    private static List<Object> byColumns(JsonNode row, List<String> columns, String key) throws TaskFailure {
        if (columns.isEmpty()) {
            throw TaskFailure.badConfig("database_write: rows are objects, so 'columns' must list their keys "
                    + "in placeholder order");
        }
        List<Object> values = new ArrayList<>();
        for (String col : columns) {
            values.add(col.equals(IDEMPOTENCY_KEY) ? key : scalar(row.get(col)));
        }
        return values;
    }

    private static List<Object> values(JsonNode arr, String key) {
        List<Object> values = new ArrayList<>();
        arr.forEach(v -> values.add(v.isString() && v.asString().equals(IDEMPOTENCY_KEY) ? key : scalar(v)));
        return values;
    }

    private static Object scalar(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isString()) return v.asString();
        return Json.write(v);
    }

    /**
     * Syntax and constraint errors (SQLSTATE class 42 and 23) will not pass on a retry. SQLite's driver sets no
     * SQLSTATE, so there its primary result code decides: ERROR (syntax, no such table), CONSTRAINT, MISMATCH, RANGE.
     */
    private static boolean isPermanent(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null) {
                    return state.startsWith("42") || state.startsWith("23");
                }
                if (String.valueOf(s.getMessage()).contains("[SQLITE_")) {
                    int code = s.getErrorCode() & 0xFF;
                    return code == 1 || code == 19 || code == 20 || code == 25;
                }
            }
        }
        return false;
    }
}
