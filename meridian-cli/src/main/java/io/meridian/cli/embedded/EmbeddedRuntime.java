package io.meridian.cli.embedded;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import io.meridian.worker.config.StageResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One machine's Meridian: the embedded store under the data directory, a coordinator, and N in-process workers
 * that speak the same lease protocol as remote ones.
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private final Store store;
    private final Coordinator coordinator;
    private final StageResources resources;
    private final HandlerRegistry handlers;
    private final List<WorkerRuntime> workers = new ArrayList<>();

    private EmbeddedRuntime(Store store, Coordinator coordinator, StageResources resources, HandlerRegistry handlers) {
        this.store = store;
        this.coordinator = coordinator;
        this.resources = resources;
        this.handlers = handlers;
    }

    public static EmbeddedRuntime open(Path dataDir, MeridianConfig config) {
        return open(dataDir, config, config.engineSettings(), "sqlite");
    }

    public static EmbeddedRuntime open(Path dataDir, MeridianConfig config, EngineSettings settings, String store) {
        Store s = StoreProvider.openStore(store, dataDir);
        Coordinator c = Coordinator.start(s, settings, SystemClock.INSTANCE, Duration.ofMillis(100));
        HandlerRegistry handlers = HandlerRegistry.fromClasspath(Thread.currentThread().getContextClassLoader());
        return new EmbeddedRuntime(s, c, LocalResources.open(config, dataDir), handlers);
    }

    /** Starts {@code count} workers named local-1..N, each running up to {@code concurrency} jobs at once. */
    public List<WorkerRuntime> startWorkers(int count, int concurrency, List<String> capabilities) {
        for (int i = 1; i <= count; i++) {
            WorkerOptions options = WorkerOptions.forThisMachine("local-" + i, concurrency, capabilities);
            // the engine's own services: no HTTP in between, the same rules as for remote workers
            workers.add(new WorkerRuntime(coordinator.leases(), coordinator.taskState(), handlers, options, resources)
                    .start());
        }
        return List.copyOf(workers);
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public HandlerRegistry handlers() {
        return handlers;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        workers.forEach(w -> {
            try {
                w.close();
            } catch (RuntimeException ignored) {
                // the coordinator is closing too; whatever a worker held is recovered on the next start
            }
        });
        coordinator.close();
        store.close();
        resources.close();
    }
}
