package io.meridian.embedded;

import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.server.config.ConfigFile;
import io.meridian.server.config.MeridianConfig;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.StageTypes;
import io.meridian.worker.sdk.TaskHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An engine in this JVM, set up step by step and started by {@link #run}: the embedded SQLite store, a coordinator
 * and local workers running the built-in stage types plus the handlers given here. Nothing is read from a
 * {@code meridian.yaml}; without {@link #dataDir} the state lives in a temporary directory removed afterwards.
 */
public final class EmbeddedMeridian {
    private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
    private int workers = 1;
    private int concurrency = 4;
    private Path dataDir;
    private Duration timeout = Duration.ofMinutes(10);

    EmbeddedMeridian() {}

    /** Adds a handler; its stage type replaces a built-in of the same name. */
    public EmbeddedMeridian handler(TaskHandler handler) {
        handlers.put(handler.type(), handler);
        return this;
    }

    /** Adds a handler for each {@code @StageType} method of {@code bean}. */
    public EmbeddedMeridian handlers(Object bean) {
        StageTypes.of(bean).forEach(this::handler);
        return this;
    }

    /** Local workers (default 1), each running up to {@link #concurrency} jobs at once (default 4). */
    public EmbeddedMeridian workers(int workers, int concurrency) {
        if (workers < 1 || concurrency < 1) {
            throw new IllegalArgumentException("workers and concurrency must be at least 1, got " + workers + " and "
                    + concurrency);
        }
        this.workers = workers;
        this.concurrency = concurrency;
        return this;
    }

    /** Keeps the store in this directory (kept afterwards, so a later run can inspect or resume). */
    public EmbeddedMeridian dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** How long {@link #run} waits for the execution to end (default 10 minutes). */
    public EmbeddedMeridian timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Runs {@code pipeline} with no inputs to its end. */
    public EmbeddedRun run(Pipeline pipeline) throws InterruptedException, TimeoutException {
        return run(pipeline, JsonNodeFactory.instance.objectNode());
    }

    /**
     * Runs {@code pipeline} with these inputs until it ends (succeeded, failed or cancelled), then stops the engine.
     *
     * @throws TimeoutException if it had not ended within the {@link #timeout}
     */
    public EmbeddedRun run(Pipeline pipeline, JsonNode inputs) throws InterruptedException, TimeoutException {
        try (EmbeddedEngine engine = start()) {
            return engine.run(pipeline, inputs);
        }
    }

    /**
     * Starts the engine and keeps it running for any number of pipelines until it is closed: for an application
     * that runs pipelines over its lifetime.
     */
    public EmbeddedEngine start() {
        Path dir = dataDir != null ? dataDir : temporaryDirectory();
        Runnable cleanup = dataDir != null ? () -> { } : () -> deleteQuietly(dir);
        Store store = null;
        try {
            HandlerRegistry registry = HandlerRegistry.fromClasspath(Thread.currentThread().getContextClassLoader());
            handlers.values().forEach(registry::register);
            MeridianConfig config = new MeridianConfig(ConfigFile.EMPTY, null, null);
            store = StoreProvider.openStore("sqlite", dir);
            EmbeddedRuntime rt = EmbeddedRuntime.onStore(store, dir, config, config.engineSettings(), registry);
            try {
                rt.startWorkers(workers, concurrency, List.of());
            } catch (RuntimeException e) {
                rt.close();
                throw e;
            }
            return new EmbeddedEngine(store, rt, cleanup, timeout);
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close();
            }
            cleanup.run();
            throw e;
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("meridian-embedded-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded engine", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless; the run's result is what matters
        }
    }
}
