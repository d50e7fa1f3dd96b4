package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.Store;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How many jobs the store holds in each terminal state, kept in the leader's memory. Queue stats are read on every
 * stats call, {@code /metrics} scrape and {@code /health/queue}; counting the jobs table for them scanned the whole
 * table each time (a third of a second at a million jobs on PostgreSQL). So the store is counted once, when a
 * coordinator is built (at start, and on each leadership takeover, which builds a new one), and the counts then
 * follow the jobs: +1 when a job leaves the live set finished, -1 when a retry puts a finished job back, and minus
 * what each deletion of finished rows reports it deleted.
 *
 * <p>Jobs finish and are retried under the engine's state lock, in step with the queue's live counters, so stats
 * read under that lock see each job exactly once. Deletions subtract from outside that lock, hence atomic counters.
 * A deletion and a retry never overlap ({@link #deleting}, {@link #retrying}): a delete could otherwise remove the
 * row of a job that a retry has just made live again (whose commit then writes the row back), and that job would be
 * subtracted twice.
 */
public final class FinishedJobs {
    private final AtomicLongArray byStatus = new AtomicLongArray(JobStatus.values().length);
    /** Fair, so that a run of deletions (a retention backlog) cannot keep a retry waiting. */
    private final ReentrantLock rowChanges = new ReentrantLock(true);

    /** Starts from these counts; states that are not terminal are ignored. */
    public FinishedJobs(Map<JobStatus, Long> counts) {
        add(counts, 1);
    }

    /** Counts the jobs in the store: a scan of the jobs table, done once per coordinator. */
    public static FinishedJobs load(Store store) {
        return new FinishedJobs(store.countJobsByStatus());
    }

    /** How many jobs are in this terminal state (0 for a live state: the queue counts those). */
    public long count(JobStatus status) {
        return byStatus.get(status.ordinal());
    }

    /**
     * Runs a retry (reading the finished job from the store, then putting it back in the queue durably) while no
     * deletion of finished rows runs.
     */
    public <T> T retrying(Supplier<T> retry) {
        rowChanges.lock();
        try {
            return retry.get();
        } finally {
            rowChanges.unlock();
        }
    }

    /**
     * Runs a deletion of finished rows while no retry runs, and subtracts the jobs it reports deleted by state
     * ({@code jobsGone} reads them from the deletion's result).
     */
    public <T> T deleting(Supplier<T> delete, Function<T, Map<JobStatus, Long>> jobsGone) {
        rowChanges.lock();
        try {
            T result = delete.get();
            add(jobsGone.apply(result), -1);
            return result;
        } finally {
            rowChanges.unlock();
        }
    }

    /** A job left the live set in this (terminal) state; called under the engine's state lock. */
    void jobFinished(JobStatus status) {
        if (status.isTerminal()) {
            byStatus.incrementAndGet(status.ordinal());
        }
    }

    /** A retry put back a job that was in this (terminal) state; called under the engine's state lock. */
    void jobRetried(JobStatus status) {
        if (status.isTerminal()) {
            byStatus.decrementAndGet(status.ordinal());
        }
    }

    private void add(Map<JobStatus, Long> counts, int sign) {
        counts.forEach((status, n) -> {
            if (status.isTerminal()) {
                byStatus.addAndGet(status.ordinal(), sign * n);
            }
        });
    }
}
