package io.meridian.server.federation;

import io.meridian.engine.Coordinator;
import io.meridian.engine.federation.FederatedJobs;
import io.meridian.engine.federation.FederationConfig;
import io.meridian.engine.federation.FederationCoordinator;
import io.meridian.engine.federation.LocalRegionExecutor;
import io.meridian.engine.time.SystemClock;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The coordinator's federation runner: an in-process worker that offers only the reserved federation capability,
 * so it takes federated stage jobs and nothing else, through the same lease protocol as every worker. While its
 * node follows, its exchanges are refused and it retries; once the node leads it registers and takes the jobs
 * (recovered ones included). Also probes the regions' health periodically.
 */
public final class FederationRunner implements AutoCloseable {
    /** Federated stages one coordinator runs at once (each mostly waits on its regions). */
    private static final int CONCURRENCY = 64;

    private final FederationCoordinator federation;
    private final WorkerRuntime runtime;
    private volatile Thread starter;
    private volatile boolean started;

    private FederationRunner(FederationCoordinator federation, WorkerRuntime runtime) {
        this.federation = federation;
        this.runtime = runtime;
    }

    /**
     * @param leases      the node's lease protocol (refusing while it follows)
     * @param taskState   the node's task-state protocol, which resolves the upstream outputs jobs refer to
     * @param coordinator the node's leading coordinator, for the local region
     */
    public static FederationRunner start(FederationConfig config, LeaseProtocol leases, TaskStateProtocol taskState,
                                         Supplier<Optional<Coordinator>> coordinator, String nodeName) {
        FederationCoordinator federation = new FederationCoordinator(config,
                new HttpRegionExecutor(Duration.ofSeconds(1)), new LocalRegionExecutor(coordinator),
                SystemClock.INSTANCE);
        HandlerRegistry handlers = new HandlerRegistry().register(new FederatedStageHandler(federation));
        WorkerOptions base = WorkerOptions.forThisMachine("federation@" + nodeName, CONCURRENCY,
                List.of(FederatedJobs.CAPABILITY));
        WorkerOptions options = new WorkerOptions(base.workerId(), CONCURRENCY, base.capabilities(), base.cores(),
                base.memoryMb(), 0, null, 0, Map.of("role", "federation"), Duration.ofSeconds(5));
        WorkerRuntime runtime = new WorkerRuntime(leases, taskState, handlers, options, TaskResources.NONE)
                .traceHandlersWith(io.meridian.tracing.Tracing.process().handlerTracing());
        FederationRunner runner = new FederationRunner(federation, runtime);
        federation.startHealthChecks();
        runner.starter = Thread.ofVirtual().name("federation-runner-start").start(runner::registerWhenLeading);
        return runner;
    }

    /** A node that follows refuses registrations; the runner registers as soon as its node leads. */
    private void registerWhenLeading() {
        started = StartWhenLeading.retry("Federation runner", runtime::start, () -> false);
    }

    public FederationCoordinator federation() {
        return federation;
    }

    @Override
    public void close() {
        try {
            starter.interrupt();
            if (started) {
                runtime.close();
            }
        } finally {
            federation.close();
        }
    }
}
