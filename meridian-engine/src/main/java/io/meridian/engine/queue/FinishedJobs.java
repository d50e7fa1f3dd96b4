package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How many jobs the store holds in each terminal state, kept in the leader's memory. Queue stats are read on every
 * stats call, {@code /metrics} scrape and {@code /health/queue}; counting the jobs table for them scanned the whole
 * table each time (a third of a second at a million jobs on PostgreSQL). So the counts follow the jobs: +1 when a job
 * leaves the live set finished, -1 when a retry puts a finished job back, and minus what each deletion of finished
 * rows reports it deleted.
 *
 * <p>Where they start from. A coordinator that never reloads a store (tests, a fresh store) starts from zero. A new
 * leader ({@link #awaitCount}) starts from zero too, and adds the store's counts when its queue reload ends ({@link
 * #counted}): the reload reads them at the end of its stream, from the same read snapshot, which is taken before the
 * leader changes anything. So the store's counts cover exactly what happened before the snapshot, and the counters
 * exactly what happened after, whatever the order in which the two meet. Counting before serving instead was a scan
 * of the whole jobs table (11 s at ten million queued on a loaded machine) that every takeover waited for. While the
 * count is pending the finished counts are those of jobs finished since the takeover ({@link #counting} says so), and
 * deletions of finished rows do not run ({@link #deleting}): one committed before the snapshot would be left out of
 * the store's count and subtracted from the counters as well.
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
    /** The store's counts are still to be added (a queue reload is under way). */
    private volatile boolean counting;

    /**
     * A new leader is about to take the read snapshot its queue reload streams from; the store's counts will come at
     * the end of that stream ({@link #counted}). Forgets anything counted before (nothing is live before a reload;
     * a deletion that ran before is in the snapshot already), and holds deletions off until then.
     */
    public void awaitCount() {
        rowChanges.lock();
        try {
            for (int i = 0; i < byStatus.length(); i++) {
                byStatus.set(i, 0);
            }
            counting = true;
        } finally {
            rowChanges.unlock();
        }
    }

    /** The store's counts as of the reload's snapshot; states that are not terminal are ignored. */
    public void counted(Map<JobStatus, Long> counts) {
        rowChanges.lock();
        try {
            add(counts, 1);
            counting = false;
        } finally {
            rowChanges.unlock();
        }
    }

    /**
     * Whether the store's counts are still to come: the finished counts are then only those of jobs finished since
     * this leader took over.
     */
    public boolean counting() {
        return counting;
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
     * ({@code jobsGone} reads them from the deletion's result). Empty, without running it, while the store's counts
     * are still to come ({@link #counting}).
     */
    public <T> java.util.Optional<T> deleting(Supplier<T> delete, Function<T, Map<JobStatus, Long>> jobsGone) {
        rowChanges.lock();
        try {
            if (counting) {
                return java.util.Optional.empty();
            }
            T result = delete.get();
            add(jobsGone.apply(result), -1);
            return java.util.Optional.of(result);
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
