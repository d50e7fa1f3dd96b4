package io.meridian.embedded;

import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A running in-process engine, from {@link EmbeddedMeridian#start()}: it takes any number of pipelines until it is
 * closed, which stops its workers, its coordinator and its store (and removes a temporary data directory).
 */
public final class EmbeddedEngine implements AutoCloseable {
    private final Store store;
    private final EmbeddedRuntime runtime;
    private final Runnable cleanup;
    private final Duration defaultTimeout;
    private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean open = true;

    EmbeddedEngine(Store store, EmbeddedRuntime runtime, Runnable cleanup, Duration defaultTimeout) {
        this.store = store;
        this.runtime = runtime;
        this.cleanup = cleanup;
        this.defaultTimeout = defaultTimeout;
    }

    /** The stage types this engine runs: the built-ins and the handlers it was given. */
    public Set<String> stageTypes() {
        return Set.copyOf(runtime.handlers().types());
    }

    /** Starts {@code pipeline} with these inputs and returns its execution id at once. */
    public String start(Pipeline pipeline, JsonNode inputs) {
        if (!open) {
            throw new IllegalStateException("the embedded engine is closed; cannot start pipeline '" + pipeline.id()
                    + "'");
        }
        String id = runtime.coordinator().startExecution(pipeline, inputs, null).id();
        started.incrementAndGet();
        return id;
    }

    /** Executions started on this engine since it started. */
    public long executionsStarted() {
        return started.get();
    }

    /** True until {@link #close}. */
    public boolean isOpen() {
        return open;
    }

    /** Starts {@code pipeline} with no inputs and returns its execution id at once. */
    public String start(Pipeline pipeline) {
        return start(pipeline, JsonNodeFactory.instance.objectNode());
    }

    /** The execution as the engine records it now; refuses an id it does not know. */
    public ExecutionRecord execution(String executionId) {
        return runtime.coordinator().execution(executionId).orElseThrow(
                () -> new IllegalArgumentException("no execution " + executionId + " in this engine"));
    }

    /**
     * Waits until the execution ends (succeeded, failed or cancelled), and returns it with its stages' outputs.
     *
     * @throws TimeoutException if it had not ended within {@code timeout} (it goes on running)
     */
    public EmbeddedRun await(String executionId, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutionRecord x = execution(executionId);
        while (!x.status().isTerminal()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("execution " + executionId + " of pipeline '" + x.pipeline().id()
                        + "' is still " + x.status() + " after " + timeout.toMillis() + " ms");
            }
            Thread.sleep(20); // the engine has no completion callback for a caller outside it; polling is cheap
            x = execution(executionId);
        }
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        for (var stage : x.pipeline().stages()) {
            runtime.coordinator().stageOutput(x.id(), stage.id()).ifPresent(out -> outputs.put(stage.id(), out));
        }
        return new EmbeddedRun(x, outputs);
    }

    /** Runs {@code pipeline} with these inputs to its end, waiting at most the builder's timeout. */
    public EmbeddedRun run(Pipeline pipeline, JsonNode inputs) throws InterruptedException, TimeoutException {
        return await(start(pipeline, inputs), defaultTimeout);
    }

    /** Runs {@code pipeline} with no inputs to its end, waiting at most the builder's timeout. */
    public EmbeddedRun run(Pipeline pipeline) throws InterruptedException, TimeoutException {
        return run(pipeline, JsonNodeFactory.instance.objectNode());
    }

    /** Stops the workers (running jobs are abandoned and resume on a later start with the same data directory). */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try (store) {
            runtime.close();
        } finally {
            cleanup.run();
        }
    }
}
