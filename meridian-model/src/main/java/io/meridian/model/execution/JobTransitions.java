package io.meridian.model.execution;

import static io.meridian.model.execution.JobStatus.CANCELLED;
import static io.meridian.model.execution.JobStatus.DEAD;
import static io.meridian.model.execution.JobStatus.DELAYED;
import static io.meridian.model.execution.JobStatus.FAILED;
import static io.meridian.model.execution.JobStatus.LEASED;
import static io.meridian.model.execution.JobStatus.PAUSED;
import static io.meridian.model.execution.JobStatus.RUNNING;
import static io.meridian.model.execution.JobStatus.SUCCEEDED;
import static io.meridian.model.execution.JobStatus.WAITING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of the moves a job may make between states (see the diagram on {@link JobStatus}). Whoever changes
 * a job's state asks here first, so a bug that would, say, revive a succeeded job is refused where it happens
 * instead of being written to the store.
 */
public final class JobTransitions {
    /** Where a new job may start: ready, delayed (a not-before time) or held (its execution or queue is paused). */
    private static final Set<JobStatus> INITIAL = EnumSet.of(WAITING, DELAYED, PAUSED);
    private static final Map<JobStatus, Set<JobStatus>> NEXT = new EnumMap<>(JobStatus.class);

    static {
        // A restored job is queued again in the state it was stored in, hence WAITING → WAITING, DELAYED → DELAYED.
        NEXT.put(WAITING, EnumSet.of(WAITING, LEASED, PAUSED, CANCELLED));
        NEXT.put(DELAYED, EnumSet.of(DELAYED, WAITING, PAUSED, CANCELLED));
        NEXT.put(PAUSED, EnumSet.of(WAITING, DELAYED, CANCELLED));
        // A leased job may succeed or fail without a "started" report; a retry with no backoff is WAITING at once.
        NEXT.put(LEASED, EnumSet.of(RUNNING, SUCCEEDED, FAILED, DELAYED, WAITING, DEAD, CANCELLED));
        NEXT.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, DELAYED, WAITING, DEAD, CANCELLED));
        // Success is final; the other ends may be retried by a user, with fresh retries.
        NEXT.put(SUCCEEDED, EnumSet.noneOf(JobStatus.class));
        NEXT.put(FAILED, EnumSet.of(WAITING));
        NEXT.put(CANCELLED, EnumSet.of(WAITING));
        NEXT.put(DEAD, EnumSet.of(WAITING));
    }

    private JobTransitions() {}

    /** True when a job in state {@code from} (null: a job being created) may move to {@code to}. */
    public static boolean allowed(JobStatus from, JobStatus to) {
        if (to == null) {
            return false;
        }
        return from == null ? INITIAL.contains(to) : NEXT.get(from).contains(to);
    }

    /** Throws {@link IllegalJobTransition} unless {@link #allowed}. */
    public static void check(String jobId, JobStatus from, JobStatus to) {
        if (!allowed(from, to)) {
            throw new IllegalJobTransition(jobId, from, to);
        }
    }

    /** The states a job in state {@code from} (null: a new job) may move to. */
    public static Set<JobStatus> next(JobStatus from) {
        return Set.copyOf(from == null ? INITIAL : NEXT.get(from));
    }
}
