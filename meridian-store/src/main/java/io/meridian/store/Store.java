package io.meridian.store;

import io.meridian.model.execution.JobStatus;
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

    /** The jobs of one execution, in creation order. */
    List<JobRecord> jobsOfExecution(String executionId);

    /** Jobs in any of these states, oldest first. */
    List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit);

    Map<JobStatus, Long> countJobsByStatus();

    /** Deletes jobs in these (terminal) states last updated before {@code olderThan}; returns how many. */
    int deleteJobs(Set<JobStatus> statuses, Instant olderThan);

    /** Every registered pipeline version, by id then version. */
    List<io.meridian.model.pipeline.Pipeline> pipelines();

    @Override
    void close();
}
