package io.meridian.store.embedded;

import com.zaxxer.hikari.HikariDataSource;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import io.meridian.store.leader.Leadership;
import io.meridian.store.lock.LockStore;
import io.meridian.store.query.Checkpoint;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Store} in one SQLite file, in WAL mode: one writer connection, and a pool of read-only connections
 * that read the last committed snapshot without waiting for the writer. Locks and leadership judge expiry by the
 * injected clock (this process's clock by default): a SQLite file serves one machine, and only the PostgreSQL
 * store coordinates coordinators on several machines.
 */
public final class SqliteStore implements Store {

    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SqliteWriter writer;
    private final HikariDataSource readers;
    private final SqliteLocks locks;
    private final SqliteLeadership leadership;
    private final SqliteTokens tokens = new SqliteTokens(this);
    private volatile Long fencedEpoch;
    private volatile boolean closed;

    public SqliteStore(Path file) {
        this(file, SqliteOptions.DEFAULT);
    }

    public SqliteStore(Path file, SqliteOptions options) {
        this(file, options, InstantSource.system());
    }

    /** A store whose locks and leadership judge expiry by {@code clock}, so tests can move time. */
    public SqliteStore(Path file, SqliteOptions options, InstantSource clock) {
        this.file = file.toAbsolutePath();
        this.locks = new SqliteLocks(this, clock);
        this.leadership = new SqliteLeadership(this, clock);
        SqliteOpener opener = new SqliteOpener(this.file, options);
        this.writer = opener.openWriter();
        try {
            this.readers = opener.openReaders();
        } catch (RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void commit(List<StoreWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Long epoch = fencedEpoch;
        SqliteWriter.TxWork<?> fenceCheck = epoch == null ? c -> null : c -> {
            leadership.checkFence(c, epoch);
            return null;
        };
        withWriter("committing " + writes.size() + " writes", () -> {
            writer.commit(writes, fenceCheck);
            return null;
        });
    }

    @Override
    public ExecutionPage executions(ExecutionQuery q) {
        ExecutionQuerySql sql = ExecutionQuerySql.of(q);
        List<ExecutionRecord> rows = executionsWhere(sql.sql(), sql.params().toArray());
        if (rows.size() <= q.limit()) {
            return new ExecutionPage(rows, null);
        }
        List<ExecutionRecord> page = rows.subList(0, q.limit());
        return new ExecutionPage(page, ExecutionCursor.after(page.getLast()).encode());
    }

    @Override
    public List<Checkpoint> checkpoints(String executionId) {
        return query(CheckpointRows.OF_EXECUTION, CheckpointRows::read, executionId);
    }

    @Override
    public DeletedExecutions deleteExecutions(Instant olderThan, int limit) {
        return inTransaction("deleting old executions", c -> SqliteRetention.deleteExecutions(c, olderThan, limit));
    }

    @Override
    public LockStore locks() {
        return locks;
    }

    @Override
    public io.meridian.store.token.TokenStore tokens() {
        return tokens;
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    @Override
    public void fence(long epoch) {
        fencedEpoch = epoch;
    }

    /** Runs {@code work} in one transaction of the writer connection. */
    <T> T inTransaction(String action, SqliteWriter.TxWork<T> work) {
        return withWriter(action, () -> writer.transaction(work));
    }

    @Override
    public Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan) {
        return statuses.isEmpty() ? Map.of()
                : withWriter("deleting jobs", () -> writer.deleteJobs(statuses, olderThan));
    }

    private <T> T withWriter(String action, SqlWork<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            return work.run();
        } catch (SQLException | RuntimeException e) {
            throw SqliteErrors.translate(e, file, action);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<ExecutionRecord> execution(String id) {
        return first(executionsWhere(ExecutionRows.SELECT + "WHERE id = ?", id));
    }

    @Override
    public List<ExecutionRecord> executions(int limit) {
        return executionsWhere(ExecutionRows.SELECT + "ORDER BY created DESC, executions.rowid DESC LIMIT ?", limit);
    }

    @Override
    public Optional<ExecutionRecord> executionByRequestId(String requestId) {
        return first(executionsWhere(ExecutionRows.SELECT + "WHERE request_id = ?", requestId));
    }

    @Override
    public Optional<JobRecord> job(String id) {
        return first(query(JobRows.SELECT + "WHERE id = ?", JobRows::read, id));
    }

    @Override
    public List<JobRecord> jobsOfExecution(String executionId) {
        return query(JobRows.SELECT + "WHERE execution_id = ? ORDER BY created, rowid", JobRows::read, executionId);
    }

    /** One index range per status, merged: an IN list would make SQLite sort every matching job. */
    @Override
    public List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit) {
        record Ranked(JobRecord job, long rowid) {}
        String sql = "SELECT " + JobRows.COLUMNS + ", rowid FROM jobs WHERE status = ? ORDER BY created, rowid LIMIT ?";
        List<Ranked> candidates = new ArrayList<>();
        for (JobStatus status : statuses) {
            candidates.addAll(query(sql, rs -> new Ranked(JobRows.read(rs), rs.getLong(JobRows.COLUMN_COUNT + 1)), status.name(), limit));
        }
        return candidates.stream()
                .sorted(Comparator.comparing((Ranked r) -> r.job().createdAt()).thenComparingLong(Ranked::rowid))
                .limit(limit).map(Ranked::job).toList();
    }

    @Override
    public List<io.meridian.model.pipeline.Pipeline> pipelines() {
        return query("SELECT definition FROM pipelines ORDER BY id, version",
                rs -> StoreJson.MAPPER.readValue(rs.getString(1), io.meridian.model.pipeline.Pipeline.class));
    }

    @Override
    public Map<JobStatus, Long> countJobsByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        query("SELECT status, count(*) FROM jobs GROUP BY status", rs -> counts.put(
                JobStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    /** Runs a query on a read connection: it sees the last committed snapshot. */
    <T> List<T> query(String sql, RowReader<T> reader, Object... params) {
        checkOpen();
        try (Connection c = readers.getConnection()) {
            return select(c, sql, reader, params);
        } catch (SQLException | RuntimeException e) {
            throw SqliteErrors.translate(e, file, "reading");
        }
    }

    /**
     * Executions selected by {@code sql} (an {@link ExecutionRows#SELECT}), each with its stages. Headers and
     * stages are read in one read transaction, so they come from the same committed snapshot.
     */
    private List<ExecutionRecord> executionsWhere(String sql, Object... params) {
        checkOpen();
        try (Connection c = readers.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ExecutionRecord> headers = select(c, sql, ExecutionRows::readHeader, params);
                Map<String, Map<String, StageRun>> stages = StageRows.of(c,
                        headers.stream().map(ExecutionRecord::id).toList());
                return headers.stream().map(x -> ExecutionRows.withStages(x, stages.get(x.id()))).toList();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw SqliteErrors.translate(e, file, "reading");
        }
    }

    private static <T> List<T> select(Connection c, String sql, RowReader<T> reader, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store " + file + " is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!closed) {
                closed = true;
                readers.close();
                closeQuietly(writer);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(SqliteWriter writer) {
        try {
            writer.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
