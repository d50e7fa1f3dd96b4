package io.meridian.engine;

import io.meridian.engine.durability.Fitness;
import io.meridian.engine.durability.StateGuard;
import io.meridian.engine.queue.FinishedJobs;
import io.meridian.engine.queue.JobQueue;
import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * Streams the queued jobs a new leader inherits (waiting, delayed, paused; not those of executions, which load with
 * their execution) into its queue on a thread of its own, {@link #CHUNK} at a time under the state lock, so that
 * the leader hands out jobs while the rest are still arriving: with ten million queued, a reload on one thread takes
 * minutes, and nothing could be served until it ended.
 *
 * <p>Why no job is loaded twice or lost: the jobs come from one read snapshot of the store ({@link
 * Store#forEachJobWithoutPayload} reads all its states in one), taken before this leader has changed any of them
 * ({@link #awaitStarted} returns only once the first chunk is in, and the leader serves nothing before that). Within
 * that snapshot every job appears once; a job this leader submits is not in it; and a job of the snapshot cannot be
 * handed out, finished or cancelled before it has been loaded, since this leader knows it only from here (a cancel
 * by id or a drain that finds nothing waits for the load to end, see {@link Coordinator#cancelJob}). The old leader
 * can change nothing: its commits are fenced off once this one holds the lead.
 *
 * <p>At the end of the stream the same snapshot gives the counts of finished jobs ({@link FinishedJobs#counted}):
 * the stats' finished counts become whole then, without a scan of the jobs table before the leader serves.
 *
 * <p>What ordering holds meanwhile: jobs load oldest first, all waiting ones before the delayed and paused ones, and
 * dispatch chooses by effective priority among the jobs loaded so far. So a job not yet loaded can be overtaken by
 * a younger or lower-priority job already loaded, until its chunk arrives.
 */
final class QueueLoader implements AutoCloseable {
    /** Jobs restored per hold of the state lock: short enough for dispatch to go on between chunks. */
    static final int CHUNK = 1_000;
    static final Set<JobStatus> QUEUED = EnumSet.of(JobStatus.WAITING, JobStatus.DELAYED, JobStatus.PAUSED);
    /** Counted at the end of the stream, from its snapshot: where the leader's finished counts start from. */
    static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED,
            JobStatus.DEAD);

    private final Store store;
    private final StateGuard guard;
    private final JobQueue queue;
    private final Fitness fitness;
    private final FinishedJobs finishedJobs;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile long count;

    QueueLoader(Store store, StateGuard guard, JobQueue queue, Fitness fitness, FinishedJobs finishedJobs) {
        this.finishedJobs = finishedJobs;
        this.store = store;
        this.guard = guard;
        this.queue = queue;
        this.fitness = fitness;
    }

    /** A loader with nothing to load: for a coordinator that never reloads a queue (tests, a fresh store). */
    static QueueLoader done(Store store, StateGuard guard, JobQueue queue, Fitness fitness,
                            FinishedJobs finishedJobs) {
        QueueLoader none = new QueueLoader(store, guard, queue, fitness, finishedJobs);
        none.started.complete(null);
        none.loaded.complete(null);
        return none;
    }

    /** Starts loading; {@code abandoned} stops it (leadership lost while the coordinator is being built). */
    void start(BooleanSupplier abandoned) {
        Thread.ofPlatform().daemon().name("meridian-queue-load").start(() -> run(abandoned));
    }

    private void run(BooleanSupplier abandoned) {
        List<JobRecord> chunk = new ArrayList<>(CHUNK);
        try {
            Map<JobStatus, Long> finished = store.forEachJobWithoutPayload(QUEUED, j -> {
                if (stopped) {
                    throw new CancellationException("the coordinator was closed");
                }
                if (j.spec().executionId() == null) {
                    chunk.add(j);
                    if (chunk.size() == CHUNK) {
                        if (abandoned.getAsBoolean()) {
                            stopped = true;
                            throw new CancellationException("leadership was lost");
                        }
                        flush(chunk);
                    }
                }
            }, FINISHED);
            flush(chunk);
            finishedJobs.counted(finished);
            loaded.complete(null);
        } catch (Throwable e) {
            if (stopped) {
                // closed or abandoned: nobody uses this queue any more
                started.complete(null);
                loaded.cancel(false);
                return;
            }
            if (started.isDone()) {
                // the leader is serving already: a queue it cannot finish loading is a queue it cannot lead
                fitness.fatal("queue load", e);
            }
            started.completeExceptionally(e);
            loaded.completeExceptionally(e);
        }
    }

    private void flush(List<JobRecord> chunk) {
        if (!chunk.isEmpty()) {
            guard.write(work -> {
                chunk.forEach(j -> queue.restore(j, true, work));
                return null;
            });
            count += chunk.size();
            chunk.clear();
        }
        started.complete(null);
    }

    /** Waits until the first chunk is in (or there was none): from then on the leader may serve. */
    void awaitStarted() {
        join(started);
    }

    /** Waits until every queued job is in memory. */
    void awaitLoaded() {
        join(loaded);
    }

    boolean isLoaded() {
        return loaded.isDone();
    }

    /** Queued jobs loaded so far. */
    long loadedCount() {
        return count;
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (CancellationException e) {
            // stopped: the coordinator is closed or discarded
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        stopped = true;
    }
}
