package io.meridian.cli.embedded;

import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.federation.StartWhenLeading;
import io.meridian.worker.config.StageResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** In-process workers named local-1..N, speaking the same lease protocol as remote ones. */
public final class LocalWorkers implements AutoCloseable {
    private final LeaseProtocol leases;
    private final TaskStateProtocol taskState;
    private final HandlerRegistry handlers;
    private final StageResources resources;
    private final List<WorkerRuntime> workers = new ArrayList<>();
    private volatile boolean closed;

    public LocalWorkers(LeaseProtocol leases, TaskStateProtocol taskState, HandlerRegistry handlers,
                        MeridianConfig config, Path dataDir) {
        this.leases = leases;
        this.taskState = taskState;
        this.handlers = handlers;
        this.resources = LocalResources.open(config, dataDir);
    }

    /** Starts {@code count} more workers, each running up to {@code concurrency} jobs at once. */
    public synchronized List<WorkerRuntime> start(int count, int concurrency, List<String> capabilities) {
        int first = workers.size() + 1;
        for (int i = first; i < first + count; i++) {
            WorkerOptions options = WorkerOptions.forThisMachine("local-" + i, concurrency, capabilities);
            // the engine's own services: no HTTP in between, the same rules as for remote workers
            workers.add(new WorkerRuntime(leases, taskState, handlers, options, resources)
                    .traceHandlersWith(io.meridian.tracing.Tracing.process().handlerTracing()).start());
        }
        return List.copyOf(workers);
    }

    /**
     * Starts workers like {@link #start} but in the background, each registering as soon as the coordinator
     * accepts it: a server node that does not lead yet (an election under way, a slow start) refuses workers.
     */
    public void startWhenAccepted(int count, int concurrency, List<String> capabilities) {
        Thread.ofVirtual().name("local-workers-start").start(() -> {
            for (int i = 1; i <= count && !closed; i++) {
                WorkerOptions options = WorkerOptions.forThisMachine("local-" + i, concurrency, capabilities);
                WorkerRuntime runtime = new WorkerRuntime(leases, taskState, handlers, options, resources)
                        .traceHandlersWith(io.meridian.tracing.Tracing.process().handlerTracing());
                if (!StartWhenLeading.retry("Worker " + options.workerId(), runtime::start, () -> closed)) {
                    return;
                }
                synchronized (this) {
                    workers.add(runtime);
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        // Side by side: each worker waits up to 100 ms for its reporter to notice the stop, and one after the
        // other that was a third of a second at the end of every `meridian run`.
        List<Thread> closing = workers.stream().map(w -> Thread.ofVirtual().name("local-worker-close").start(() -> {
            try {
                w.close();
            } catch (RuntimeException ignored) {
                // the coordinator is closing too; whatever a worker held is recovered on the next start
            }
        })).toList();
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        resources.close();
    }
}
