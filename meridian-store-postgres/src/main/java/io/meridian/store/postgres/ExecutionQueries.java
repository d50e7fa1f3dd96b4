package io.meridian.store.postgres;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Executions newest first, one page at a time, by keyset: a page continues strictly after the (created, id) of
 * the previous page's last row, so rows inserted meanwhile never shift or repeat a page, and a deep page costs
 * the same as the first (an index range, never an OFFSET scan). Each page's stages come in one more query; the
 * caller runs both in one snapshot.
 */
final class ExecutionQueries {

    private static final String ORDER = " ORDER BY created DESC, id DESC LIMIT ?";

    private ExecutionQueries() {}

    static List<ExecutionRecord> newest(Connection c, int limit) throws SQLException {
        return StageRows.attach(c, Sql.select(c, ExecutionRows.SELECT + ORDER, ps -> ps.setInt(1, limit),
                ExecutionRows::readHeader));
    }

    /** {@code after} is the decoded {@link ExecutionQuery#after()} (decoded first so a bad one fails as bad input). */
    static ExecutionPage page(Connection c, ExecutionQuery q, PageCursor after) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Binding> values = new ArrayList<>();
        if (q.pipelineId() != null) {
            where.add("pipeline_id = ?");
            values.add((ps, i) -> ps.setString(i, q.pipelineId()));
        }
        if (q.pipelineVersion() != null) {
            where.add("pipeline_version = ?");
            values.add((ps, i) -> ps.setInt(i, q.pipelineVersion()));
        }
        addStatuses(c, q, where, values);
        addInstant(where, values, "created >= ?", q.createdFrom());
        addInstant(where, values, "created < ?", q.createdTo());
        if (after != null) {
            where.add("(created, id) < (?, ?)");
            values.add((ps, i) -> PgColumns.setInstant(ps, i, after.created()));
            values.add((ps, i) -> ps.setString(i, after.id()));
        }
        String sql = ExecutionRows.SELECT + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where)) + ORDER;
        // one row more than asked says whether another page follows
        List<ExecutionRecord> rows = Sql.select(c, sql, ps -> {
            for (int i = 0; i < values.size(); i++) {
                values.get(i).bind(ps, i + 1);
            }
            ps.setInt(values.size() + 1, q.limit() + 1);
        }, ExecutionRows::readHeader);
        if (rows.size() <= q.limit()) {
            return new ExecutionPage(StageRows.attach(c, rows), null);
        }
        List<ExecutionRecord> page = StageRows.attach(c, rows.subList(0, q.limit()));
        ExecutionRecord last = page.getLast();
        return new ExecutionPage(page, new PageCursor(last.createdAt(), last.id()).encode());
    }

    /** One status is an equality, which the planner matches to the (status, created, id) index directly. */
    private static void addStatuses(Connection c, ExecutionQuery q, List<String> where, List<Binding> values)
            throws SQLException {
        if (q.statuses().size() == 1) {
            where.add("status = ?");
            String status = q.statuses().iterator().next().name();
            values.add((ps, i) -> ps.setString(i, status));
        } else if (!q.statuses().isEmpty()) {
            where.add("status = ANY (?)");
            Array names = c.createArrayOf("text", q.statuses().stream().map(ExecutionStatus::name).toArray());
            values.add((ps, i) -> ps.setArray(i, names));
        }
    }

    private static void addInstant(List<String> where, List<Binding> values, String condition, Instant value) {
        if (value != null) {
            where.add(condition);
            values.add((ps, i) -> PgColumns.setInstant(ps, i, value));
        }
    }

    private interface Binding {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }
}
