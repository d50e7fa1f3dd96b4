package io.meridian.cli.embedded;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.federation.FederationRunner;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One machine's Meridian: the embedded store under the data directory, a coordinator, and N in-process workers
 * that speak the same lease protocol as remote ones.
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private final Store store;
    private final Coordinator coordinator;
    private final HandlerRegistry handlers;
    private final LocalWorkers workers;
    /** False when the caller opened the store and closes it after this runtime (see {@link #onStore}). */
    private final boolean ownsStore;
    private FederationRunner federation;
    /** Every listener of committed events (the coordinator takes one: this hands each batch to them all). */
    private final List<java.util.function.Consumer<List<io.meridian.store.event.EventRecord>>> eventListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private EmbeddedRuntime(Store store, boolean ownsStore, Coordinator coordinator, LocalWorkers workers,
                            HandlerRegistry handlers) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.coordinator = coordinator;
        this.workers = workers;
        this.handlers = handlers;
        coordinator.onEventsCommitted(batch -> eventListeners.forEach(l -> l.accept(batch)));
    }

    public static EmbeddedRuntime open(Path dataDir, MeridianConfig config) {
        return open(dataDir, config, config.engineSettings(), "sqlite");
    }

    public static EmbeddedRuntime open(Path dataDir, MeridianConfig config, EngineSettings settings, String store) {
        return start(StoreProvider.openStore(store, dataDir), true, dataDir, config, settings);
    }

    /**
     * A runtime on a store the caller opened, and closes after this runtime: a caller that leads a shared store
     * fences it before the coordinator starts, and resigns after the coordinator stopped but before the store closes.
     */
    public static EmbeddedRuntime onStore(Store store, Path dataDir, MeridianConfig config, EngineSettings settings) {
        return start(store, false, dataDir, config, settings,
                HandlerRegistry.fromClasspath(Thread.currentThread().getContextClassLoader()));
    }

    /** As {@link #onStore(Store, Path, MeridianConfig, EngineSettings)}, its local workers running {@code handlers}. */
    public static EmbeddedRuntime onStore(Store store, Path dataDir, MeridianConfig config, EngineSettings settings,
                                          HandlerRegistry handlers) {
        return start(store, false, dataDir, config, settings, handlers);
    }

    private static EmbeddedRuntime start(Store s, boolean ownsStore, Path dataDir, MeridianConfig config,
                                         EngineSettings settings) {
        return start(s, ownsStore, dataDir, config, settings,
                HandlerRegistry.fromClasspath(Thread.currentThread().getContextClassLoader()));
    }

    private static EmbeddedRuntime start(Store s, boolean ownsStore, Path dataDir, MeridianConfig config,
                                         EngineSettings settings, HandlerRegistry handlers) {
        Coordinator c = Coordinator.start(s, settings, SystemClock.INSTANCE, Duration.ofMillis(100));
        io.meridian.tracing.Tracing tracing = io.meridian.tracing.Tracing.process();
        if (tracing.on()) {
            // `meridian run` has no server: trace here (a server started on this coordinator replaces the listener
            // with its own, which traces too)
            c.traceGrantsWith(tracing.grantContext());
        }
        EmbeddedRuntime rt = new EmbeddedRuntime(s, ownsStore, c, new LocalWorkers(c.leases(), c.taskState(),
                handlers, config, dataDir), handlers);
        if (tracing.on()) {
            rt.onEventsCommitted(tracing.executionSpans());
        }
        return rt;
    }

    /**
     * Hands every batch of committed events to {@code listener} as well, on the commit thread, in sequence order: it
     * must return at once. {@code meridian run} follows its execution this way.
     */
    public void onEventsCommitted(java.util.function.Consumer<List<io.meridian.store.event.EventRecord>> listener) {
        eventListeners.add(listener);
    }

    /** Starts {@code count} workers named local-1..N, each running up to {@code concurrency} jobs at once. */
    public List<WorkerRuntime> startWorkers(int count, int concurrency, List<String> capabilities) {
        return workers.start(count, concurrency, capabilities);
    }

    /** Runs federated stages with these regions (the local one in this process); returns the federation. */
    public io.meridian.engine.federation.FederationCoordinator startFederation(
            io.meridian.engine.federation.FederationConfig config) {
        federation = FederationRunner.start(config, coordinator.leases(), coordinator.taskState(),
                () -> java.util.Optional.of(coordinator),
                "embedded");
        return federation.federation();
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
        if (federation != null) {
            federation.close();
        }
        workers.close();
        coordinator.close();
        if (ownsStore) {
            store.close();
        }
    }
}
