package io.meridian.engine.tasks;

import io.meridian.engine.queue.FinishedJobs;
import io.meridian.engine.time.EngineClock;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.Store;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes executions that finished (succeeded, failed or were cancelled) longer ago than the
 * retention period, with their jobs and checkpoints. Each call deletes at most one batch, so no call holds a
 * long transaction; while a backlog remains the next call runs at once, otherwise after the interval.
 * Unfinished executions are never touched, however old. Finished executions and jobs already left the engine's
 * memory when they finished, so the store is the only place to clean; the deleted jobs are subtracted from the
 * finished counts that queue stats show. Events older than their own retention go on the same schedule.
 */
public final class PurgeOldExecutionsTask {
    private static final Logger log = LoggerFactory.getLogger(PurgeOldExecutionsTask.class);
    public static final int BATCH = 500;
    /** Events deleted per call at most: small rows, so more per transaction than executions. */
    public static final int EVENTS = 5_000;

    private final Store store;
    private final FinishedJobs finishedJobs;
    private final EngineClock clock;
    private final Duration retention;
    private final Duration interval;
    private final Duration eventRetention;
    private Instant nextRun;
    private long deleted;

    public PurgeOldExecutionsTask(Store store, FinishedJobs finishedJobs, EngineClock clock, Duration retention,
                                  Duration interval) {
        this(store, finishedJobs, clock, retention, interval, null);
    }

    /** With {@code eventRetention} set, old events are deleted too, in batches, on the same schedule. */
    public PurgeOldExecutionsTask(Store store, FinishedJobs finishedJobs, EngineClock clock, Duration retention,
                                  Duration interval, Duration eventRetention) {
        this.eventRetention = eventRetention;
        this.store = store;
        this.finishedJobs = finishedJobs;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
        this.nextRun = clock.now();
    }

    /** Deletes one batch if the task is due; returns how many executions went. */
    public synchronized int runIfDue() {
        Instant now = clock.now();
        if (now.isBefore(nextRun)) {
            return 0;
        }
        var batch = finishedJobs.deleting(() -> store.deleteExecutions(now.minus(retention), BATCH),
                DeletedExecutions::jobs);
        if (batch.isEmpty()) {
            return 0; // a new leader's count of finished jobs is still to come: due again at the next tick
        }
        int n = batch.get().executions();
        deleted += n;
        long events = eventRetention == null ? 0 : store.events().deleteOlderThan(now.minus(eventRetention), EVENTS);
        if (events > 0) {
            log.info("Retention deleted {} events older than {}", events, now.minus(eventRetention));
        }
        nextRun = n == BATCH || events == EVENTS ? now : now.plus(interval);
        if (n > 0) {
            log.info("Retention deleted {} executions finished before {} with their jobs and checkpoints; {}", n,
                    now.minus(retention), n == BATCH ? "more remain, continuing" : "next check in " + interval);
        }
        return n;
    }

    /** Executions deleted since start. */
    public synchronized long deleted() {
        return deleted;
    }
}
