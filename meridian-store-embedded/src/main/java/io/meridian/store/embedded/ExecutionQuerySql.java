package io.meridian.store.embedded;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ExecutionQuery} as SQL: a filter per non-null field, then keyset paging strictly after the cursor in
 * the newest-first order (created DESC, id DESC). One row more than the page is read to know if another follows.
 */
record ExecutionQuerySql(String sql, List<Object> params) {

    static ExecutionQuerySql of(ExecutionQuery q) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.pipelineId() != null) {
            where.append(" AND pipeline_id = ?");
            params.add(q.pipelineId());
        }
        if (q.pipelineVersion() != null) {
            where.append(" AND pipeline_version = ?");
            params.add(q.pipelineVersion());
        }
        if (!q.statuses().isEmpty()) {
            where.append(" AND status IN (").append(Columns.placeholders(q.statuses().size())).append(')');
            q.statuses().stream().map(ExecutionStatus::name).sorted().forEach(params::add);
        }
        if (q.createdFrom() != null) {
            where.append(" AND created >= ?");
            params.add(q.createdFrom().toEpochMilli());
        }
        if (q.createdTo() != null) {
            where.append(" AND created < ?");
            params.add(q.createdTo().toEpochMilli());
        }
        if (q.after() != null) {
            ExecutionCursor after = ExecutionCursor.decode(q.after());
            where.append(" AND (created < ? OR (created = ? AND id < ?))");
            params.add(after.createdAt().toEpochMilli());
            params.add(after.createdAt().toEpochMilli());
            params.add(after.id());
        }
        params.add(q.limit() + 1L);
        return new ExecutionQuerySql(ExecutionRows.SELECT + where + " ORDER BY created DESC, id DESC LIMIT ?",
                List.copyOf(params));
    }
}
