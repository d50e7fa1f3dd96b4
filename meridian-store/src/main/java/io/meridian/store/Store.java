package io.meridian.store;

import io.meridian.model.execution.JobStatus;
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
 * Where Meridian's state lives durably. The engine keeps hot state in memory and uses the store as its
 * durable log and query surface: every acknowledged change has been through {@link #commit} first.
 * Implementations must pass {@code StoreContractTest}.
 */
public interface Store extends AutoCloseable {

    /** Applies all writes in one transaction. When this returns they survive a process crash. */
    void commit(List<StoreWrite> writes);

    Optional<ExecutionRecord> execution(String id);

    /** Executions, newest first. */
    List<ExecutionRecord> executions(int limit);

    Optional<ExecutionRecord> executionByRequestId(String requestId);

    Optional<JobRecord> job(String id);

    /**
     * The payloads of these jobs, by id; a job that is not stored, or was stored without a payload, is left out.
     * The leader keeps only what scheduling needs in memory and reads payloads here, one batch of grants at a
     * time, as it hands jobs to workers: a deep queue costs the leader no payload bytes. Any number of ids may be
     * asked for; an implementation splits them into statements of a bounded size.
     */
    Map<String, tools.jackson.databind.JsonNode> payloads(java.util.Collection<String> jobIds);

    /** The jobs of one execution, in creation order. */
    List<JobRecord> jobsOfExecution(String executionId);

    /** Jobs in any of these states, oldest first. */
    List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit);

    /**
     * Streams every job in these states to {@code each} without its payload (the spec's payload is null): state by
     * state, oldest first within a state, a bounded number of rows in memory at a time, all of them from one read
     * snapshot (taken when the first state is read: a job changed later is seen as it was, and once). What a new
     * leader needs to rebuild its queue from millions of jobs, read once, when a coordinator starts or takes the lead;
     * payloads are read later, by {@link #payloads}, as the jobs are handed out. An exception thrown by {@code each} ends the
     * stream and reaches the caller.
     */
    default void forEachJobWithoutPayload(Set<JobStatus> statuses, java.util.function.Consumer<JobRecord> each) {
        forEachJobWithoutPayload(statuses, each, Set.of());
    }

    /**
     * As {@link #forEachJobWithoutPayload(Set, java.util.function.Consumer)}, then counts the jobs in the states
     * {@code thenCount} (states with none left out) <em>from the same read snapshot</em>, and returns those counts. A
     * new leader streams its queue this way and learns, at the end of the stream, how many finished jobs the store
     * held when it took over: exact against every change it makes after the snapshot, and no scan of the whole jobs
     * table before it serves (only the rows in {@code thenCount}, through the status index, and after the stream).
     */
    Map<JobStatus, Long> forEachJobWithoutPayload(Set<JobStatus> statuses, java.util.function.Consumer<JobRecord> each,
                                                  Set<JobStatus> thenCount);

    /**
     * Jobs by state, counting every row: a scan of the whole table on a large store. The engine does not call it (a
     * new leader counts the finished jobs at the end of its queue stream, see above); tools and tests do.
     */
    Map<JobStatus, Long> countJobsByStatus();

    /**
     * Deletes jobs in these (terminal) states last updated before {@code olderThan}; returns how many of each state
     * were deleted (states with none left out), counted in the same transaction as the delete.
     */
    Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan);

    /** Every registered pipeline version, by id then version. */
    List<io.meridian.model.pipeline.Pipeline> pipelines();

    /** Executions matching the query, newest first, one page at a time (keyset paging: stable under inserts). */
    ExecutionPage executions(ExecutionQuery query);

    /** The checkpoints linked to an execution, oldest first. */
    List<Checkpoint> checkpoints(String executionId);

    /**
     * Retention: deletes executions in a terminal state last updated before {@code olderThan}, with their jobs
     * and checkpoints, at most {@code limit} executions per call (so a cleanup never holds a long transaction).
     * Returns how many executions were deleted, and how many of their jobs in each state.
     */
    DeletedExecutions deleteExecutions(Instant olderThan, int limit);

    /** Every stored schedule, by id. */
    List<io.meridian.store.schedule.ScheduleRecord> schedules();

    /** The outbox of events, committed with the changes they describe. */
    io.meridian.store.event.EventLog events();

    /** Each event sink's durable cursor and dead letters, written through the fenced write path. */
    io.meridian.store.event.SinkCursors sinkCursors();

    /** Leased locks on named resources. */
    LockStore locks();

    /** The API tokens every coordinator sharing this store accepts (hashes only). */
    io.meridian.store.token.TokenStore tokens();

    /** Leadership among the coordinators sharing this store. */
    Leadership leadership();

    /**
     * From now on every {@link #commit} of this instance applies only while {@code epoch} is the current
     * leadership term, checked inside the commit's own transaction, and throws {@link
     * io.meridian.store.leader.FencedException} (writing nothing) once it is not. A deposed leader that wakes
     * up from a pause therefore cannot change anything.
     */
    void fence(long epoch);

    @Override
    void close();
}
