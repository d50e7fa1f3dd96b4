package io.meridian.cli.command;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.HttpLeaseProtocol;
import io.meridian.client.HttpTaskState;
import io.meridian.server.config.MeridianConfig;
import io.meridian.worker.config.StageResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meridian worker}: a worker process that takes jobs from coordinator servers over HTTP. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run a worker: register with the coordinator(s), heartbeat, take jobs, run them on virtual "
                + "threads and report results. On SIGTERM it stops taking jobs, finishes or hands back what it holds,"
                + " and deregisters."})
public final class WorkerCommand implements Callable<Integer> {
    @Mixin
    RemoteOptions remote;

    @Option(names = "--id", paramLabel = "ID", description = "Worker id (default: host-pid).")
    String id;

    @Option(names = "--concurrency", defaultValue = "16", description = "Jobs at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--capabilities", split = ",", paramLabel = "CAP",
            description = "Capabilities offered, e.g. gpu,high-memory (always: cpu,network).")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--region", paramLabel = "NAME", description = "The region this worker is in.")
    String region;

    @Option(names = "--cost-per-hour", paramLabel = "X", defaultValue = "0", description = "Cost of an hour of this worker.")
    double costPerHour;

    @Option(names = "--node-type", paramLabel = "TYPE", defaultValue = "local",
            description = "What this worker runs on: local, vm, container or edge (default: ${DEFAULT-VALUE}).")
    String nodeType;

    @Option(names = "--label", paramLabel = "K=V", description = "A label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Mixin
    HandlersOption handlerJars;

    @Option(names = "--drain-seconds", defaultValue = "30", description = "On stop, how long running jobs may finish (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() throws Exception {
        remote.require("worker");
        store.refuseStore("worker");
        HandlerRegistry handlers = handlerJars.load();
        List<String> caps = new ArrayList<>(LocalWorkersOption.DEFAULT_CAPABILITIES);
        caps.addAll(capabilities);
        WorkerOptions machine = WorkerOptions.forThisMachine("x", concurrency, caps);
        String workerId = io.meridian.model.text.FieldRules.WORKER_ID.require(id != null ? "--id" : "worker id",
                id != null ? id : hostName() + "-" + ProcessHandle.current().pid());
        WorkerOptions options = new WorkerOptions(workerId, concurrency, caps, machine.cores(), machine.memoryMb(),
                GpuProbe.count(), region, costPerHour, labels, Duration.ofSeconds(drainSeconds),
                io.meridian.protocol.lease.NodeType.parse("--node-type", nodeType).word());
        var protocol = new HttpLeaseProtocol(CoordinatorAddresses.parse(remote.coordinator),
                remote.token(store.dataDir), Duration.ofMinutes(5));
        var taskState = new HttpTaskState(CoordinatorAddresses.parse(remote.coordinator),
                remote.token(store.dataDir), Duration.ofSeconds(30));
        MeridianConfig config = MeridianConfig.load(store.config);
        try (StageResources resources = StageResources.open(config.workerConfig(),
                store.dataDir, System.getenv())) {
            WorkerRuntime runtime = new WorkerRuntime(protocol, taskState, handlers, options, resources)
                    .traceHandlersWith(io.meridian.tracing.Tracing.process().handlerTracing()).start();
            System.err.printf("Worker %s registered with %s: %d slots, capabilities %s, stage types %s%n", workerId,
                    remote.coordinator, concurrency, caps, handlers.types());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.printf("Worker %s stopping: finishing or handing back %d jobs%n", workerId,
                        runtime.activeJobs());
                runtime.close();
                stopped.countDown();
            }));
            stopped.await();
        }
        return ExitCode.OK;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "worker";
        }
    }
}
