package io.meridian.testkit;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.queue.QueueStats;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Runs a whole pipeline in this JVM: an in-memory store, a coordinator on a manual clock, and one in-process worker
 * with the built-in stage types and the handlers given here. The clock moves only while every job left is waiting
 * for time (a retry's back-off, a delay), so those pass at once, and never while a job is leased or running.
 *
 * <pre>{@code
 * PipelineRun run = PipelineTester.with(new WordCount()).run(pipeline);
 * assertThat(run.output("count").get("words").asInt()).isEqualTo(4);
 * assertThat(run.stage("flaky").attempts()).isEqualTo(3);
 * }</pre>
 */
public final class PipelineTester {
    /** How far the manual clock jumps each time the worker is idle and the execution has not ended. */
    private static final Duration IDLE_STEP = Duration.ofSeconds(5);
    /** An idle worker long-polls for one heartbeat; a short one lets the clock jump often without waiting long. */
    private static final EngineSettings SETTINGS = EngineSettings.DEFAULT.withHeartbeat(Duration.ofMillis(50));
    private final HandlerRegistry handlers = HandlerRegistry.fromClasspath(PipelineTester.class.getClassLoader());
    private final SettableClock clock = new SettableClock();
    private Duration timeout = Duration.ofSeconds(60);
    private int concurrency = 4;

    private PipelineTester() {}

    /** A tester with these handlers besides the built-in stage types. */
    public static PipelineTester with(TaskHandler... handlers) {
        PipelineTester tester = new PipelineTester();
        for (TaskHandler h : handlers) {
            tester.handlers.register(h);
        }
        return tester;
    }

    /** Real time the run may take before it is given up (default 60 s); the manual clock is separate. */
    public PipelineTester timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Jobs the in-process worker runs at once (default 4). */
    public PipelineTester concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    /** The manual clock's time as the run left it. */
    public java.time.Instant now() {
        return clock.now();
    }

    public PipelineRun run(Pipeline pipeline) {
        return run(pipeline, JsonNodeFactory.instance.objectNode());
    }

    /** Runs {@code pipeline} with these inputs to its end. */
    public PipelineRun run(Pipeline pipeline, JsonNode inputs) {
        InMemoryStore store = new InMemoryStore();
        try (Coordinator coordinator = Coordinator.manual(store, SETTINGS, clock)) {
            WorkerOptions options = new WorkerOptions("test-worker", concurrency, List.of("cpu"), 64, 1 << 20, 0, null,
                    0, Map.of(), Duration.ofSeconds(5));
            ExecutionRecord x = coordinator.startExecution(pipeline, inputs, null);
            CountingLeases leases = new CountingLeases(coordinator.leases());
            try (WorkerRuntime worker = new WorkerRuntime(leases, coordinator.taskState(), handlers, options,
                    TaskResources.NONE).start()) {
                return new PipelineRun(awaitEnd(coordinator, worker, leases, x.id()));
            }
        }
    }

    /**
     * True when nothing can happen until time passes: no job ready, leased or running (a job granted but not yet
     * started counts as leased, so a lease never lapses because the clock jumped), only delayed ones.
     */
    private static boolean onlyWaitingForTime(Coordinator coordinator, WorkerRuntime worker) {
        QueueStats q = coordinator.queueStats();
        return q.waiting() == 0 && q.leased() == 0 && q.running() == 0 && worker.activeJobs() == 0;
    }

    private ExecutionRecord awaitEnd(Coordinator coordinator, WorkerRuntime worker, CountingLeases leases, String id) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long exchangesAtLastStep = -1;
        while (true) {
            long exchanges = leases.exchanges();
            // The coordinator's duties (which expire silent workers) run only once the worker has exchanged since
            // the clock last jumped: in the coordinator's time it is never silent, so never taken for lost.
            boolean workerCaughtUp = exchanges > exchangesAtLastStep + 1;
            if (workerCaughtUp) {
                coordinator.tick();
            }
            ExecutionRecord x = coordinator.execution(id).orElseThrow();
            if (x.status().isTerminal()) {
                return x;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pipeline '" + x.pipeline().id() + "' is still " + x.status() + " after "
                        + timeout.toSeconds() + " s; stages: " + x.stages().values());
            }
            if (workerCaughtUp && onlyWaitingForTime(coordinator, worker)) {
                clock.advance(IDLE_STEP);
                exchangesAtLastStep = exchanges;
            }
            try {
                Thread.sleep(2); // let the worker's poller, on real time, take what the tick made ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running pipeline '" + x.pipeline().id() + "'", e);
            }
        }
    }
}
