package io.meridian.store.mariadb;

import io.meridian.store.jdbc.JdbcTokens;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import io.meridian.store.jdbc.BatchWriter;
import io.meridian.store.jdbc.Database;
import io.meridian.store.jdbc.Queries;
import io.meridian.store.jdbc.Retention;
import io.meridian.store.leader.Leadership;
import io.meridian.store.lock.LockStore;
import io.meridian.store.query.Checkpoint;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Store} in MariaDB (or MySQL), which several coordinators can share: they agree on a leader through the
 * {@code leadership} row, and the leader's writes are fenced by its epoch (see {@link EpochFence}). Rows are read
 * and written by the shared JDBC layer in {@link MariaDbDialect}'s types; reads run on auto-commit connections
 * from a pool (or one snapshot where a read takes two statements), and every write is one transaction.
 */
public final class MariaDbStore implements Store {

    private final Database db;
    /** MariaDB (not MySQL): its sessions end after 2 s idle in a transaction (see MariaDbOpener). */
    private final boolean idleTransactionLimit;
    private final Queries queries = new Queries(MariaDbDialect.ROWS);
    private final Retention retention = new Retention(queries, MariaDbDialect.INSTANCE);
    private final EpochFence fence = new EpochFence();
    private final MariaDbLocks locks;
    private final MariaDbLeadership leadership;
    private final JdbcTokens tokens;
    private final io.meridian.store.jdbc.JdbcEventLog events;
    private final io.meridian.store.jdbc.JdbcSinkCursors sinkCursors;

    public MariaDbStore(MariaDbLocation location) {
        this.idleTransactionLimit = !location.mysql();
        this.db = MariaDbOpener.open(location);
        io.meridian.store.jdbc.EventRows eventRows = new io.meridian.store.jdbc.EventRows(MariaDbDialect.ROWS);
        this.locks = new MariaDbLocks(db, (c, appended) -> {
            fence.check(c, db.where());
            eventRows.append(c, appended);
        });
        this.leadership = new MariaDbLeadership(db);
        this.tokens = new JdbcTokens(MariaDbDialect.INSTANCE, "_at", db::autoCommit, db::autoCommit);
        this.events = new io.meridian.store.jdbc.JdbcEventLog(MariaDbDialect.ROWS, this::fenced, db::autoCommit);
        this.sinkCursors = new io.meridian.store.jdbc.JdbcSinkCursors(MariaDbDialect.INSTANCE, this::fenced, db::autoCommit);
    }

    /** Opens {@code mariadb://user[:password]@host[:port]/database} (or {@code mysql://...}). */
    public static MariaDbStore open(String location) {
        return new MariaDbStore(MariaDbLocationParser.parse(location));
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
        db.transaction("committing " + writes.size() + " writes", c -> {
            fence.check(c, db.where());
            try (BatchWriter writer = new BatchWriter(c, MariaDbDialect.ROWS)) {
                writer.write(writes);
            }
            return null;
        });
    }

    @Override
    public Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan) {
        return db.transaction("deleting old jobs", c -> {
            fence.check(c, db.where());
            return retention.deleteJobs(c, statuses, olderThan);
        });
    }

    @Override
    public DeletedExecutions deleteExecutions(Instant olderThan, int limit) {
        return db.transaction("deleting old executions", c -> {
            fence.check(c, db.where());
            return retention.deleteExecutions(c, olderThan, limit);
        });
    }

    @Override
    public Optional<ExecutionRecord> execution(String id) {
        return db.snapshot("reading execution " + id, c -> queries.execution(c, id));
    }

    @Override
    public List<ExecutionRecord> executions(int limit) {
        return db.snapshot("listing executions", c -> queries.executions(c, limit));
    }

    @Override
    public ExecutionPage executions(ExecutionQuery query) {
        if (query.after() != null) {
            ExecutionCursor.decode(query.after()); // a bad cursor is bad input, not a store failure
        }
        return db.snapshot("querying executions", c -> queries.executions(c, query));
    }

    @Override
    public Optional<ExecutionRecord> executionByRequestId(String requestId) {
        return db.snapshot("finding the execution of request " + requestId,
                c -> queries.executionByRequestId(c, requestId));
    }

    @Override
    public Optional<JobRecord> job(String id) {
        return db.autoCommit("reading job " + id, c -> queries.job(c, id));
    }

    @Override
    public Map<JobStatus, Long> forEachJobWithoutPayload(Set<JobStatus> statuses,
                                                         java.util.function.Consumer<JobRecord> each,
                                                         Set<JobStatus> thenCount) {
        // one REPEATABLE READ transaction: every state, and the counts after them, read from the same snapshot
        return db.snapshot("streaming unfinished jobs", c -> {
            // The consumer (a new leader filling its queue while it serves) may pause longer than the 2 s idle limit
            // between rows; this read-only snapshot takes no lock, so the limit (there to free the leadership row)
            // is lifted for it, and put back before the connection returns to the pool.
            setIdleTransactionTimeout(c, 600);
            try {
                MariaDbDialect.ROWS.jobs().forEachWithoutPayload(c, statuses, each);
                return io.meridian.store.jdbc.JobRows.countIn(c, thenCount);
            } finally {
                setIdleTransactionTimeout(c, 2);
            }
        });
    }

    private void setIdleTransactionTimeout(java.sql.Connection c, int seconds) throws java.sql.SQLException {
        if (idleTransactionLimit) {
            try (java.sql.Statement set = c.createStatement()) {
                set.execute("SET SESSION idle_transaction_timeout = " + seconds);
            }
        }
    }

    @Override
    public Map<String, tools.jackson.databind.JsonNode> payloads(java.util.Collection<String> jobIds) {
        return jobIds.isEmpty() ? Map.of() : db.autoCommit("reading the payloads of " + jobIds.size() + " jobs",
                c -> io.meridian.store.jdbc.JobRows.payloads(c, jobIds));
    }

    @Override
    public List<JobRecord> jobsOfExecution(String executionId) {
        return db.autoCommit("reading the jobs of execution " + executionId,
                c -> queries.jobsOfExecution(c, executionId));
    }

    @Override
    public List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit) {
        return db.autoCommit("reading jobs by status", c -> queries.jobsByStatus(c, statuses, limit));
    }

    @Override
    public Map<JobStatus, Long> countJobsByStatus() {
        return db.autoCommit("counting jobs", queries::countJobsByStatus);
    }

    @Override
    public List<io.meridian.store.schedule.ScheduleRecord> schedules() {
        return db.autoCommit("reading schedules", queries::schedules);
    }

    @Override
    public List<Pipeline> pipelines() {
        return db.autoCommit("reading pipelines", queries::pipelines);
    }

    @Override
    public List<Checkpoint> checkpoints(String executionId) {
        return db.autoCommit("reading the checkpoints of execution " + executionId,
                c -> queries.checkpoints(c, executionId));
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

    /** Where this store is, for messages: user, host, port and database (never a password). */
    @Override
    public String toString() {
        return "MariaDbStore[" + db.where() + "]";
    }

    @Override
    public void close() {
        db.close();
    }
}
