package io.meridian.store.embedded;

import io.meridian.store.jdbc.Database;
import io.meridian.store.jdbc.JdbcTokens;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import io.meridian.store.jdbc.Queries;
import io.meridian.store.jdbc.Retention;
import io.meridian.store.jdbc.RowReader;
import io.meridian.store.jdbc.Rows;
import io.meridian.store.leader.Leadership;
import io.meridian.store.lock.LockStore;
import io.meridian.store.query.Checkpoint;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
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

    private static final Rows ROWS = Rows.of(SqliteDialect.INSTANCE);

    private final Path file;
    private final Queries queries = new Queries(ROWS);
    private final Retention retention = new Retention(queries, SqliteDialect.INSTANCE);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SqliteWriter writer;
    private final HikariDataSource readers;
    private final SqliteLocks locks;
    private final SqliteLeadership leadership;
    /** Token changes on the writer connection, reads from the reader pool, as every other change and read. */
    private final JdbcTokens tokens = new JdbcTokens(SqliteDialect.INSTANCE, "", this::write, this::read);
    private final io.meridian.store.jdbc.JdbcEventLog events =
            new io.meridian.store.jdbc.JdbcEventLog(ROWS, this::write, this::read);
    private final io.meridian.store.jdbc.JdbcSinkCursors sinkCursors =
            new io.meridian.store.jdbc.JdbcSinkCursors(SqliteDialect.INSTANCE, this::write, this::read);
    private final io.meridian.store.jdbc.EventRows eventRows = new io.meridian.store.jdbc.EventRows(ROWS);
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
        SqliteOpener opener = new SqliteOpener(this.file, options, ROWS);
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
        if (q.after() != null) {
            ExecutionCursor.decode(q.after()); // a bad cursor is bad input, not a store failure
        }
        return read(c -> queries.executions(c, q));
    }

    @Override
    public List<Checkpoint> checkpoints(String executionId) {
        return read(c -> queries.checkpoints(c, executionId));
    }

    @Override
    public DeletedExecutions deleteExecutions(Instant olderThan, int limit) {
        return inTransaction("deleting old executions", c -> retention.deleteExecutions(c, olderThan, limit));
    }

    @Override
    public io.meridian.store.event.EventLog events() {
        return events;
    }

    @Override
    public io.meridian.store.event.SinkCursors sinkCursors() {
        return sinkCursors;
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

    /**
     * Appends events inside a writer transaction that is not a batch (a lock's change): checked against the fence
     * and the log's numbering as a batch's events are, so a refusal rolls the change back with them.
     */
    void appendEvents(java.sql.Connection c, List<io.meridian.store.event.EventRecord> appended)
            throws java.sql.SQLException {
        Long epoch = fencedEpoch;
        if (epoch != null) {
            leadership.checkFence(c, epoch);
        }
        eventRows.append(c, appended);
    }

    private <T> T write(String action, Database.Work<T> work) {
        return inTransaction(action, work::run);
    }

    private <T> T read(String action, Database.Work<T> work) {
        return read(work::run);
    }

    /** Runs {@code work} in one transaction of the writer connection. */
    <T> T inTransaction(String action, SqliteWriter.TxWork<T> work) {
        return withWriter(action, () -> writer.transaction(work));
    }

    @Override
    public Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan) {
        return statuses.isEmpty() ? Map.of()
                : inTransaction("deleting jobs", c -> retention.deleteJobs(c, statuses, olderThan));
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
        return read(c -> queries.execution(c, id));
    }

    @Override
    public List<ExecutionRecord> executions(int limit) {
        return read(c -> queries.executions(c, limit));
    }

    @Override
    public Optional<ExecutionRecord> executionByRequestId(String requestId) {
        return read(c -> queries.executionByRequestId(c, requestId));
    }

    @Override
    public Optional<JobRecord> job(String id) {
        return read(c -> queries.job(c, id));
    }

    @Override
    public Map<JobStatus, Long> forEachJobWithoutPayload(Set<JobStatus> statuses,
                                                         java.util.function.Consumer<JobRecord> each,
                                                         Set<JobStatus> thenCount) {
        // one read transaction: the stream and the counts after it see the same snapshot
        return read(c -> {
            ROWS.jobs().forEachWithoutPayload(c, statuses, each);
            return io.meridian.store.jdbc.JobRows.countIn(c, thenCount);
        });
    }

    @Override
    public Map<String, tools.jackson.databind.JsonNode> payloads(java.util.Collection<String> jobIds) {
        return jobIds.isEmpty() ? Map.of() : read(c -> io.meridian.store.jdbc.JobRows.payloads(c, jobIds));
    }

    @Override
    public List<JobRecord> jobsOfExecution(String executionId) {
        return read(c -> queries.jobsOfExecution(c, executionId));
    }

    @Override
    public List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit) {
        return read(c -> queries.jobsByStatus(c, statuses, limit));
    }

    @Override
    public List<io.meridian.store.schedule.ScheduleRecord> schedules() {
        return read(queries::schedules);
    }

    @Override
    public List<Pipeline> pipelines() {
        return read(queries::pipelines);
    }

    @Override
    public Map<JobStatus, Long> countJobsByStatus() {
        return read(queries::countJobsByStatus);
    }

    /** Runs a query on a read connection: it sees the last committed snapshot. */
    <T> List<T> query(String sql, RowReader<T> reader, Object... params) {
        return read(c -> queries.select(c, sql, reader, params));
    }

    /**
     * Runs {@code work} in one read transaction of a reader connection, so that all its statements see the same
     * committed snapshot (an execution's header and its stages, read by two queries, belong together).
     */
    private <T> T read(SqliteWriter.TxWork<T> work) {
        checkOpen();
        try (Connection c = readers.getConnection()) {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw SqliteErrors.translate(e, file, "reading");
        }
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
}
