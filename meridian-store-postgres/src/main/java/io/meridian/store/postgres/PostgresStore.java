package io.meridian.store.postgres;

import io.meridian.store.jdbc.JdbcTokens;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import io.meridian.store.jdbc.Database;
import io.meridian.store.jdbc.JobRows;
import io.meridian.store.jdbc.StoreJson;
import io.meridian.store.leader.Leadership;
import io.meridian.store.lock.LockStore;
import io.meridian.store.query.Checkpoint;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Store} in PostgreSQL, which several coordinators can share: they agree on a leader through the
 * {@code leadership} row, and the leader's writes are fenced by its epoch (see {@link EpochFence}). Reads run on
 * auto-commit connections from a pool; every write is one transaction that sends each table's rows as one batch.
 * When the database goes away, operations fail with a {@link io.meridian.store.StoreException} naming it, and the
 * pool reconnects on its own once it is back.
 */
public final class PostgresStore implements Store {

    private final Database db;
    private final EpochFence fence = new EpochFence();
    private final PostgresLockStore locks;
    private final PostgresLeadership leadership;
    private final JdbcTokens tokens;
    private final io.meridian.store.jdbc.JdbcEventLog events;
    private final io.meridian.store.jdbc.JdbcSinkCursors sinkCursors;

    public PostgresStore(PostgresLocation location) {
        this.db = PostgresOpener.open(location);
        io.meridian.store.jdbc.EventRows eventRows = new io.meridian.store.jdbc.EventRows(PostgresDialect.ROWS);
        this.locks = new PostgresLockStore(db, (c, appended) -> {
            fence.check(c, db.where());
            eventRows.append(c, appended);
        });
        this.leadership = new PostgresLeadership(db);
        this.tokens = new JdbcTokens(PostgresDialect.INSTANCE, "_at", db::autoCommit, db::autoCommit);
        this.events = new io.meridian.store.jdbc.JdbcEventLog(PostgresDialect.ROWS, this::fenced, db::autoCommit);
        this.sinkCursors = new io.meridian.store.jdbc.JdbcSinkCursors(PostgresDialect.INSTANCE, this::fenced, db::autoCommit);
    }

    /** Opens {@code postgresql://user[:password]@host[:port]/database[?schema=name]} or a JDBC URL. */
    public static PostgresStore open(String location) {
        return new PostgresStore(LocationParser.parse(location));
    }

    /** A write transaction that applies only while this node's leadership term lasts (once fenced). */
    private <T> T fenced(String action, io.meridian.store.jdbc.Database.Work<T> work) {
        return db.transaction(action, c -> {
            fence.check(c, db.where());
            return work.run(c);
        });
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
    public void commit(List<StoreWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Batch batch = Batch.of(writes);
        db.transaction("committing " + batch.size() + " writes", c -> {
            fence.check(c, db.where());
            BatchWriter.write(c, batch);
            return null;
        });
    }

    @Override
    public Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan) {
        return db.transaction("deleting old jobs", c -> {
            fence.check(c, db.where());
            return Retention.deleteJobs(c, statuses, olderThan);
        });
    }

    @Override
    public DeletedExecutions deleteExecutions(Instant olderThan, int limit) {
        return db.transaction("deleting old executions", c -> {
            fence.check(c, db.where());
            return Retention.deleteExecutions(c, olderThan, limit);
        });
    }

    @Override
    public Optional<ExecutionRecord> execution(String id) {
        return db.snapshot("reading execution " + id, c -> first(StageRows.attach(c, Sql.select(c,
                ExecutionRows.SELECT + "WHERE id = ?", ps -> ps.setString(1, id), ExecutionRows::readHeader))));
    }

    @Override
    public List<ExecutionRecord> executions(int limit) {
        return db.snapshot("listing executions", c -> ExecutionQueries.newest(c, limit));
    }

    @Override
    public ExecutionPage executions(ExecutionQuery query) {
        PageCursor after = query.after() == null ? null : PageCursor.decode(query.after());
        return db.snapshot("querying executions", c -> ExecutionQueries.page(c, query, after));
    }

    @Override
    public Optional<ExecutionRecord> executionByRequestId(String requestId) {
        return db.snapshot("finding the execution of request " + requestId, c -> first(StageRows.attach(c,
                Sql.select(c, ExecutionRows.SELECT + "WHERE request_id = ?", ps -> ps.setString(1, requestId),
                        ExecutionRows::readHeader))));
    }

    @Override
    public Optional<JobRecord> job(String id) {
        return db.autoCommit("reading job " + id, c -> Sql.selectOne(c, JobRows.SELECT + "WHERE id = ?",
                ps -> ps.setString(1, id), PostgresDialect.ROWS.jobs()::read));
    }

    @Override
    public Map<JobStatus, Long> forEachJobWithoutPayload(Set<JobStatus> statuses,
                                                         java.util.function.Consumer<JobRecord> each,
                                                         Set<JobStatus> thenCount) {
        // a transaction, so that the driver fetches a bounded number of rows at a time instead of all of them
        return db.snapshot("streaming unfinished jobs", c -> {
            // The consumer (a new leader filling its queue while it serves) may take longer than the sessions' 2 s
            // idle-in-transaction limit between two fetches: growing a table of millions, a GC pause. This read-only
            // snapshot takes no lock, so that limit, which is there to free the leadership row, need not apply.
            try (java.sql.Statement set = c.createStatement()) {
                set.execute("SET LOCAL idle_in_transaction_session_timeout = '10min'");
            }
            PostgresDialect.ROWS.jobs().forEachWithoutPayload(c, statuses, each);
            return io.meridian.store.jdbc.JobRows.countIn(c, thenCount); // same snapshot: REPEATABLE READ
        });
    }

    @Override
    public Map<String, tools.jackson.databind.JsonNode> payloads(java.util.Collection<String> jobIds) {
        return jobIds.isEmpty() ? Map.of() : db.autoCommit("reading the payloads of " + jobIds.size() + " jobs",
                c -> io.meridian.store.jdbc.JobRows.payloads(c, jobIds));
    }

    @Override
    public List<JobRecord> jobsOfExecution(String executionId) {
        return db.autoCommit("reading the jobs of execution " + executionId, c -> JobQueries.ofExecution(c, executionId));
    }

    @Override
    public List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit) {
        return db.autoCommit("reading jobs by status", c -> JobQueries.byStatus(c, statuses, limit));
    }

    @Override
    public Map<JobStatus, Long> countJobsByStatus() {
        return db.autoCommit("counting jobs", JobQueries::countByStatus);
    }

    @Override
    public List<io.meridian.store.schedule.ScheduleRecord> schedules() {
        return db.autoCommit("reading schedules", c -> Sql.select(c, io.meridian.store.jdbc.ScheduleRows.SELECT_ALL,
                Sql.NO_PARAMETERS, io.meridian.store.jdbc.ScheduleRows::read));
    }

    @Override
    public List<Pipeline> pipelines() {
        return db.autoCommit("reading pipelines", c -> Sql.select(c,
                "SELECT definition FROM pipelines ORDER BY id, version", Sql.NO_PARAMETERS,
                rs -> StoreJson.MAPPER.readValue(rs.getString(1), Pipeline.class)));
    }

    @Override
    public List<Checkpoint> checkpoints(String executionId) {
        return db.autoCommit("reading the checkpoints of execution " + executionId, c -> Sql.select(c,
                PostgresDialect.ROWS.checkpoints().ofExecution(), ps -> ps.setString(1, executionId),
                PostgresDialect.ROWS.checkpoints()::read));
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
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
        fence.fence(epoch);
    }

    /** Where this store is, for messages: user, host, port, database and schema (never a password). */
    @Override
    public String toString() {
        return "PostgresStore[" + db.where() + "]";
    }

    @Override
    public void close() {
        db.close();
    }
}
