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
 * for time (a retry's back-off, a delay), so those pass at once, and never while a job is leased or running. The
 * worker measures job deadlines on the same manual clock, so a job never times out unless that clock passes its
 * deadline, and every attempt a run shows is one its handler's failures called for.
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
    private static final String WORKER_ID = "test-worker";
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
            WorkerOptions options = new WorkerOptions(WORKER_ID, concurrency, List.of("cpu"), 64, 1 << 20, 0, null,
                    0, Map.of(), Duration.ofSeconds(5));
            ExecutionRecord x = coordinator.startExecution(pipeline, inputs, null);
            try (WorkerRuntime worker = new WorkerRuntime(coordinator.leases(), coordinator.taskState(), handlers,
                    options, TaskResources.NONE).measureDeadlinesWith(clock::now).start()) {
                return new PipelineRun(awaitEnd(coordinator, worker, x.id()));
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

    /**
     * True once the worker has been seen at the clock's current time. The coordinator's duties take a worker whose
     * last exchange is older than the heartbeat timeout for lost and requeue its jobs as new attempts; a clock jump
     * makes the idle worker look exactly that until it exchanges again. Counting exchanges is no proof: the long
     * poll and the report loop may both have been in flight before the jump, and a long poll's answer is no sign of
     * life, so the registry's own record of when it last saw the worker is what is checked.
     */
    private boolean workerSeenNow(Coordinator coordinator) {
        return coordinator.workers().stream()
                .filter(w -> w.id().equals(WORKER_ID) && w.offlineSince() == null)
                .anyMatch(w -> !w.lastSeen().isBefore(clock.now()));
    }

    private ExecutionRecord awaitEnd(Coordinator coordinator, WorkerRuntime worker, String id) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // The duties run, and the clock moves, only while the worker is current in the coordinator's time.
            boolean workerCurrent = workerSeenNow(coordinator);
            if (workerCurrent) {
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
            if (workerCurrent && onlyWaitingForTime(coordinator, worker)) {
                clock.advance(IDLE_STEP);
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
