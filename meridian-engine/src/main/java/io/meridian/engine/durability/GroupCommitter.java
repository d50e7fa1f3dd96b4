package io.meridian.engine.durability;

import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: every change the engine acknowledges is queued here, and one thread writes whatever has
 * queued up in a single store transaction. Durability therefore costs one disk flush per batch, not per job.
 * Batches are committed in the order they were enqueued, so the engine enqueues while holding its state lock
 * and the store always ends with the latest version of every record.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH_WRITES = 20_000;

    private record Pending(List<StoreWrite> writes, CompletableFuture<Void> done) {}

    private final Store store;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile Runnable onFailure = () -> { };
    private long batches;
    private long writes;

    public GroupCommitter(Store store) {
        this.store = store;
        this.thread = Thread.ofPlatform().name("meridian-group-commit").daemon().start(this::run);
    }

    /** Queues writes; the future completes once they are durable. Call in the order the changes were made. */
    public CompletableFuture<Void> enqueue(List<StoreWrite> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (failure != null) {
            done.completeExceptionally(failure);
        } else if (batch.isEmpty()) {
            done.complete(null);
        } else {
            queue.add(new Pending(batch, done));
        }
        return done;
    }

    private void run() {
        List<Pending> taken = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                int size = first.writes.size();
                while (size < MAX_BATCH_WRITES) {
                    Pending next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    taken.add(next);
                    size += next.writes.size();
                }
                commit(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                taken.clear();
            }
        }
    }

    private void commit(List<Pending> taken) {
        try {
            store.commit(latestVersions(taken));
            batches++;
            taken.forEach(p -> p.done.complete(null));
        } catch (RuntimeException e) {
            // Fail-stop: memory may now be ahead of the store, so nothing further is acknowledged. A restart
            // recovers from the last durable state.
            failure = e;
            log.error("Store commit failed; the coordinator stops acknowledging changes and must be restarted", e);
            taken.forEach(p -> p.done.completeExceptionally(e));
            queue.forEach(p -> p.done.completeExceptionally(e));
            queue.clear();
            onFailure.run();
        }
    }

    /** Within one transaction only the last version of each record matters. */
    private List<StoreWrite> latestVersions(List<Pending> taken) {
        Map<String, StoreWrite> byKey = new LinkedHashMap<>();
        for (Pending p : taken) {
            for (StoreWrite w : p.writes) {
                String key = switch (w) {
                    case StoreWrite.PutJob j -> "j" + j.job().id();
                    case StoreWrite.PutExecution x -> "e" + x.execution().id();
                    case StoreWrite.PutExecutionStatus x -> "x" + x.executionId();
                    case StoreWrite.PutStage x -> "x" + x.executionId() + "\u0000" + x.stage().stageId();
                    case StoreWrite.PutPipeline reg -> "p" + reg.pipeline().id() + "\u0000" + reg.pipeline().version();
                    case StoreWrite.PutCheckpoint c -> "c" + c.checkpoint().executionId() + "\u0000"
                            + c.checkpoint().checkpointId();
                };
                byKey.put(key, w);
            }
        }
        writes += byKey.size();
        return new ArrayList<>(byKey.values());
    }

    public long batchesCommitted() {
        return batches;
    }

    public long writesCommitted() {
        return writes;
    }

    /**
     * Runs {@code action} once this committer has failed (at once if it already has): a leader uses it to resign
     * straight away instead of answering errors until its next leadership check.
     */
    public void onFailure(Runnable action) {
        this.onFailure = action;
        if (failure != null) {
            action.run();
        }
    }

    public boolean isFailed() {
        return failure != null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
