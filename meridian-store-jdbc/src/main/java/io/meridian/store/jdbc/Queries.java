package io.meridian.store.jdbc;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.query.Checkpoint;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every read a store answers, as SQL on a connection the store chooses: its reader pool, in a snapshot where a
 * read takes two statements (an execution's header and its stages belong together). Parameters that are
 * instants are bound in the dialect's column type.
 */
public final class Queries {

    private final Rows rows;
    private final Dialect dialect;

    public Queries(Rows rows) {
        this.rows = rows;
        this.dialect = rows.dialect();
    }

    public Optional<ExecutionRecord> execution(Connection c, String id) throws SQLException {
        return first(executionsWhere(c, ExecutionRows.SELECT + "WHERE id = ?", id));
    }

    public Optional<ExecutionRecord> executionByRequestId(Connection c, String requestId) throws SQLException {
        return first(executionsWhere(c, ExecutionRows.SELECT + "WHERE request_id = ?", requestId));
    }

    /** Newest first; executions created in the same instant, the last inserted first. */
    public List<ExecutionRecord> executions(Connection c, int limit) throws SQLException {
        return executionsWhere(c, ExecutionRows.SELECT + "ORDER BY created DESC, executions."
                + dialect.insertionOrder() + " DESC LIMIT ?", limit);
    }

    /**
     * A filter per non-null field, then keyset paging strictly after the cursor in the newest-first order
     * (created DESC, id DESC). One row more than the page is read to know if another follows.
     */
    public ExecutionPage executions(Connection c, ExecutionQuery q) throws SQLException {
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
            params.add(q.createdFrom());
        }
        if (q.createdTo() != null) {
            where.append(" AND created < ?");
            params.add(q.createdTo());
        }
        if (q.after() != null) {
            ExecutionCursor after = ExecutionCursor.decode(q.after());
            where.append(" AND (created < ? OR (created = ? AND id < ?))");
            params.add(after.createdAt());
            params.add(after.createdAt());
            params.add(after.id());
        }
        params.add(q.limit() + 1);
        List<ExecutionRecord> found = executionsWhere(c, ExecutionRows.SELECT + where
                + " ORDER BY created DESC, id DESC LIMIT ?", params.toArray());
        if (found.size() <= q.limit()) {
            return new ExecutionPage(found, null);
        }
        List<ExecutionRecord> page = found.subList(0, q.limit());
        return new ExecutionPage(page, ExecutionCursor.after(page.getLast()).encode());
    }

    /** Executions selected by {@code sql} (an {@link ExecutionRows#SELECT}), each with its stages. */
    private List<ExecutionRecord> executionsWhere(Connection c, String sql, Object... params) throws SQLException {
        return rows.stages().attach(c, select(c, sql, rows.executions()::readHeader, params));
    }

    public Optional<JobRecord> job(Connection c, String id) throws SQLException {
        return first(select(c, JobRows.SELECT + "WHERE id = ?", rows.jobs()::read, id));
    }

    public List<JobRecord> jobsOfExecution(Connection c, String executionId) throws SQLException {
        return select(c, JobRows.SELECT + "WHERE execution_id = ? ORDER BY created, " + dialect.insertionOrder(),
                rows.jobs()::read, executionId);
    }

    /** One index range per status, merged here: an IN list would make the database sort every matching job. */
    public List<JobRecord> jobsByStatus(Connection c, Set<JobStatus> statuses, int limit) throws SQLException {
        record Ranked(JobRecord job, long order) {}
        String order = dialect.insertionOrder();
        String sql = "SELECT " + JobRows.COLUMNS + ", " + order + " FROM jobs WHERE status = ? ORDER BY created, "
                + order + " LIMIT ?";
        int orderColumn = JobRows.COLUMN_COUNT + 1;
        List<Ranked> candidates = new ArrayList<>();
        for (JobStatus status : statuses) {
            candidates.addAll(select(c, sql, rs -> new Ranked(rows.jobs().read(rs), rs.getLong(orderColumn)),
                    status.name(), limit));
        }
        return candidates.stream()
                .sorted(Comparator.comparing((Ranked r) -> r.job().createdAt()).thenComparingLong(Ranked::order))
                .limit(limit).map(Ranked::job).toList();
    }

    public Map<JobStatus, Long> countJobsByStatus(Connection c) throws SQLException {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        select(c, "SELECT status, count(*) FROM jobs GROUP BY status",
                rs -> counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    public List<io.meridian.store.schedule.ScheduleRecord> schedules(Connection c) throws SQLException {
        return select(c, ScheduleRows.SELECT_ALL, ScheduleRows::read);
    }

    public List<Pipeline> pipelines(Connection c) throws SQLException {
        return select(c, "SELECT definition FROM pipelines ORDER BY id, version",
                rs -> StoreJson.MAPPER.readValue(rs.getString(1), Pipeline.class));
    }

    public List<Checkpoint> checkpoints(Connection c, String executionId) throws SQLException {
        return select(c, rows.checkpoints().ofExecution(), rows.checkpoints()::read, executionId);
    }

    /** Runs a query with bound parameters (instants in the dialect's type) and maps every row. */
    public <T> List<T> select(Connection c, String sql, RowReader<T> reader, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(reader.read(rs));
                }
            }
            return found;
        }
    }

    /** Runs an update with bound parameters; returns the number of rows it changed. */
    public int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant instant) {
                dialect.setInstant(ps, i + 1, instant);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }

    private static <T> Optional<T> first(List<T> found) {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }
}
