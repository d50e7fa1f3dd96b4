package io.meridian.bench;

import io.meridian.cli.command.ExitCode;
import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.server.config.MeridianConfig;
import io.meridian.store.JobSpec;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code meridian bench}: pushes no-op jobs through the embedded engine with the durable store on and prints
 * enqueue and processing rates, submit-to-start latency and peak heap. Figures, not assertions.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the embedded engine: N no-op jobs bulk-submitted then processed by in-process "
                + "workers (durable store on), then submit-to-start latency for jobs submitted one at a time."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--jobs", defaultValue = "100000", description = "No-op jobs (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--workers", defaultValue = "4", description = "In-process workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--concurrency", defaultValue = "64", description = "Slots per worker (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--latency-jobs", defaultValue = "2000", description = "Jobs for the latency run (default: ${DEFAULT-VALUE}).")
    int latencyJobs;

    @Option(names = "--rate", defaultValue = "500", description = "Submissions per second in the latency run (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--synchronous", defaultValue = "full", description = "SQLite synchronous mode: full or normal (default: ${DEFAULT-VALUE}).")
    String synchronous;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where to put the benchmark's store (default: a fresh temporary directory).")
    Path dataDir;

    private static final String TYPE = "bench_noop";
    private volatile AtomicLongArray startedAt = new AtomicLongArray(0);

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("meridian-bench");
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        MeridianConfig config = MeridianConfig.load(null);
        try (EmbeddedRuntime rt = EmbeddedRuntime.open(dir, config, EngineSettings.DEFAULT,
                "sqlite:?synchronous=" + synchronous)) {
            rt.handlers().register(new Probe());
            Coordinator c = rt.coordinator();
            System.out.printf("Meridian embedded engine benchmark: %d no-op jobs, %d workers x %d slots, "
                    + "SQLite synchronous=%s, store in %s%n", jobs, workers, concurrency, synchronous, dir);

            long t0 = System.nanoTime();
            for (int from = 0; from < jobs; from += 1000) {
                List<JobSpec> batch = new ArrayList<>(1000);
                for (int i = from; i < Math.min(jobs, from + 1000); i++) {
                    batch.add(spec(-1));
                }
                c.submitAll(batch);
            }
            double enqueueSeconds = (System.nanoTime() - t0) / 1e9;

            long t1 = System.nanoTime();
            List<WorkerRuntime> ws = rt.startWorkers(workers, concurrency, List.of("cpu"));
            awaitDone(ws, jobs);
            double processSeconds = (System.nanoTime() - t1) / 1e9;

            Histogram latency = latencyRun(c, ws);
            long peakHeap = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

            System.out.printf("  enqueue (bulk, 1,000 per call)  %,12.0f jobs/s  (%.2f s)%n", jobs / enqueueSeconds, enqueueSeconds);
            System.out.printf("  processing (claim+run+complete) %,12.0f jobs/s  (%.2f s)%n", jobs / processSeconds, processSeconds);
            System.out.printf("  submit-to-start, %d jobs at %d/s: p50 %.3f ms  p99 %.3f ms  max %.3f ms%n", latencyJobs,
                    rate, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                    latency.getMaxValue() / 1e3);
            System.out.printf("  peak heap                        %,12d MB%n", peakHeap / (1024 * 1024));
            System.out.printf("  store commits                    %,12d batches, %.1f writes per batch%n",
                    c.committer().batchesCommitted(),
                    c.committer().writesCommitted() / (double) Math.max(1, c.committer().batchesCommitted()));
        }
        return ExitCode.OK;
    }

    private Histogram latencyRun(Coordinator c, List<WorkerRuntime> ws) throws InterruptedException {
        startedAt = new AtomicLongArray(latencyJobs);
        long[] submittedAt = new long[latencyJobs];
        long before = ws.stream().mapToLong(WorkerRuntime::succeeded).sum();
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < latencyJobs; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            submittedAt[i] = System.nanoTime();
            c.submit(spec(i), null);
            next += interval;
        }
        awaitDone(ws, before + latencyJobs);
        Histogram h = new Histogram(3);
        for (int i = 0; i < latencyJobs; i++) {
            h.recordValue(Math.max(0, (startedAt.get(i) - submittedAt[i]) / 1000));
        }
        return h;
    }

    private static JobSpec spec(int seq) {
        var payload = Json.object();
        payload.putObject("config").put("seq", seq);
        return new JobSpec(TYPE, payload, 5, Requirements.NONE, RetryPolicy.NONE, 60, null, null, -1);
    }

    private static void awaitDone(List<WorkerRuntime> ws, long target) throws InterruptedException {
        while (ws.stream().mapToLong(WorkerRuntime::succeeded).sum() < target) {
            Thread.sleep(2);
        }
    }

    /** Records when each latency-run job started; does nothing else. */
    private final class Probe implements TaskHandler {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public JsonNode execute(TaskContext context) {
            int seq = context.config().path("seq").asInt(-1);
            if (seq >= 0 && seq < startedAt.length()) {
                startedAt.set(seq, System.nanoTime());
            }
            return null;
        }
    }
}
