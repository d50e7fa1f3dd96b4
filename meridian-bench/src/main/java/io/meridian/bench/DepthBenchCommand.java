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
import io.meridian.store.postgres.HotQueryPlans;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code meridian bench-depth}: a deep queue. Enqueues N jobs into a coordinator in this JVM (its store durable),
 * then measures what a deep queue costs the leader: used heap after a full GC, RSS, the largest classes on the
 * heap, the plans and timings of the store's hot statements at that depth (PostgreSQL; with the count of finished
 * jobs a new leader makes once at the end of its queue reload), and how fast jobs are dispatched while the queue is that
 * deep. Figures, not assertions.
 */
@Command(name = "bench-depth", mixinStandardHelpOptions = true,
        description = "Benchmark a deep queue: enqueue time, leader memory per queued job, dispatch rate, query plans.")
public final class DepthBenchCommand implements Callable<Integer> {
    @Option(names = "--store", defaultValue = "sqlite", paramLabel = "LOCATION",
            description = "sqlite (a temporary directory) or postgresql://user@host:port/db (a fresh schema, dropped "
                    + "at the end). Default: ${DEFAULT-VALUE}.")
    String store;
    @Option(names = "--jobs", defaultValue = "1000000", description = "Jobs to enqueue (default: ${DEFAULT-VALUE}).")
    int jobs;
    @Option(names = "--workers", defaultValue = "4", description = "In-process workers (default: ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = "--concurrency", defaultValue = "64", description = "Slots per worker (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--dispatch-seconds", defaultValue = "20",
            description = "How long to measure dispatch with the queue deep (default: ${DEFAULT-VALUE}).")
    int dispatchSeconds;
    @Option(names = "--refill", description = "While dispatch is measured, submit 1,000 more jobs whenever fewer "
            + "than --jobs wait, so the queue stays that deep (compare --jobs 1000 --refill with --jobs 1000000 "
            + "--refill: same work, different depth).")
    boolean refill;
    @Option(names = "--takeover", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Time a takeover with the queue deep: a second coordinator on the same store reloads the "
                    + "queue; prints when it is ready to dispatch and when all is in memory (default: on).")
    boolean takeover;

    private static final String TYPE = "bench_noop";
    private final AtomicLong started = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("meridian-depth-bench");
        boolean postgres = !store.startsWith("sqlite");
        String location = postgres ? BenchSchema.fresh(store) : store;
        try (EmbeddedRuntime rt = EmbeddedRuntime.open(dir, MeridianConfig.load(null), EngineSettings.DEFAULT, location)) {
            rt.handlers().register(new Counting());
            Coordinator c = rt.coordinator();
            System.out.printf("Meridian deep-queue benchmark: %,d no-op jobs, coordinator in this JVM (pid %d) on %s%n",
                    jobs, ProcessHandle.current().pid(), postgres ? BenchSchema.describe(location) : "SQLite in " + dir);
            Memory before = Memory.afterGc();
            long t0 = System.nanoTime();
            for (int from = 0; from < jobs; from += 1000) {
                List<JobSpec> batch = new ArrayList<>(1000);
                for (int i = from; i < Math.min(jobs, from + 1000); i++) {
                    batch.add(spec(i));
                }
                c.submitAll(batch);
            }
            double enqueue = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  enqueue (1,000 per call, durable)   %,10.0f jobs/s  (%.1f s for %,d)%n", jobs / enqueue,
                    enqueue, jobs);
            Memory deep = Memory.afterGc();
            System.out.printf("  leader heap after GC: %,d MB with the queue empty, %,d MB with %,d queued "
                            + "(%,d bytes per queued job); RSS %,d MB%n", before.heapMb(), deep.heapMb(), jobs,
                    (deep.heapBytes() - before.heapBytes()) / Math.max(1, jobs), deep.rssMb());
            System.out.println("  largest classes on the heap (GC.class_histogram):");
            Memory.histogram(12).forEach(l -> System.out.println("    " + l));
            if (location.startsWith("postgres")) { // EXPLAIN ANALYZE output is PostgreSQL's
                HotQueryPlans.explain(location).forEach((what, plan) -> {
                    System.out.println("  EXPLAIN ANALYZE, " + what + ":");
                    plan.forEach(l -> System.out.println("    " + l));
                });
            }
            if (takeover) {
                takeover(rt.store(), jobs);
            }
            rt.startWorkers(workers, concurrency, List.of("cpu"));
            java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread feeder = refill ? Thread.ofPlatform().daemon().name("depth-refill").start(() -> refill(c, measuring))
                    : null;
            long s0 = started.get();
            long t1 = System.nanoTime();
            Thread.sleep(dispatchSeconds * 1000L);
            long n = started.get() - s0;
            double took = (System.nanoTime() - t1) / 1e9;
            measuring.set(false); // not an interrupt: that would break the store connection of a submission mid-way
            if (feeder != null) {
                feeder.join();
            }
            System.out.printf("  dispatch with %,d queued: %,10.0f jobs/s started  (%,d in %.1f s by %d workers x %d "
                    + "slots; %,d still waiting%s)%n", jobs, n / took, n, took, workers, concurrency, c.queueStats().waiting(),
                    refill ? ", topped up to " + String.format("%,d", jobs) : "");
            System.out.printf("  store commits: %,d, %.1f writes each%n", c.committer().batchesCommitted(),
                    c.committer().writesCommitted() / (double) Math.max(1, c.committer().batchesCommitted()));
        } finally {
            if (postgres) {
                BenchSchema.drop(location);
            }
        }
        return ExitCode.OK;
    }

    /**
     * A new leader on the same store: built, then its queue reload started, until it could hand out the first job
     * (the rest of the queue, and the count of finished jobs, come in behind). It does not dispatch: the first coordinator stays the one the workers use.
     */
    private static void takeover(io.meridian.store.Store store, int queued) throws InterruptedException {
        Memory before = Memory.afterGc();
        long t0 = System.nanoTime();
        try (Coordinator next = Coordinator.manual(store, EngineSettings.DEFAULT,
                io.meridian.engine.time.SystemClock.INSTANCE)) {
            double built = (System.nanoTime() - t0) / 1e9;
            next.recoverAll(() -> false);
            double ready = (System.nanoTime() - t0) / 1e9;
            long loadedWhenReady = next.queueLoadedCount();
            boolean loadingWhenReady = next.queueStats().loading();
            next.awaitQueueLoaded();
            double loaded = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  takeover with %,d queued: ready to dispatch in %.1f s (coordinator built in %.1f s, "
                            + "then %,d queued jobs in memory; stats %s); all loaded and finished jobs counted in "
                            + "%.1f s (%.1f µs per job; %,d waiting in the new leader, +%,d MB of its heap)%n", queued,
                    ready, built, loadedWhenReady, loadingWhenReady ? "marked loading" : "complete", loaded,
                    (loaded - built) * 1e6 / Math.max(1, queued), next.queueStats().waiting(),
                    Memory.afterGc().heapMb() - before.heapMb());
        }
    }

    /** Keeps about {@link #jobs} waiting: tops the queue up by 1,000 whenever it falls below. */
    private void refill(Coordinator c, java.util.concurrent.atomic.AtomicBoolean measuring) {
        int seq = jobs;
        while (measuring.get()) {
            if (c.queueStats().waiting() < jobs) {
                List<JobSpec> batch = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    batch.add(spec(seq++));
                }
                c.submitAll(batch);
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private static JobSpec spec(int seq) {
        var payload = Json.object();
        payload.putObject("config").put("seq", seq);
        return new JobSpec(TYPE, payload, 5, Requirements.NONE, RetryPolicy.NONE, 60, null, null, -1);
    }

    /** Counts starts; does nothing else. */
    private final class Counting implements TaskHandler {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public JsonNode execute(TaskContext context) {
            started.incrementAndGet();
            return null;
        }
    }

    /** This JVM's memory: used heap after a full collection, and resident set size from /proc/self/status. */
    record Memory(long heapBytes, long rssKb) {
        static Memory afterGc() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = 0;
            try {
                rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
            } catch (java.io.IOException notLinux) {
                // RSS stays 0 where /proc is absent
            }
            return new Memory(heap, rss);
        }

        long heapMb() {
            return heapBytes >> 20;
        }

        long rssMb() {
            return rssKb >> 10;
        }

        /**
         * The top of the class histogram (what {@code jcmd <pid> GC.class_histogram} prints), asked of this JVM's
         * own diagnostic-command MBean: attaching jcmd to the running benchmark from a child process hung.
         */
        static List<String> histogram(int rows) {
            try {
                Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
                List<String> lines = text.toString().lines().toList();
                int header = 0;
                while (header < lines.size() && !lines.get(header).contains("num ")) {
                    header++;
                }
                return lines.subList(Math.min(header, lines.size()), Math.min(lines.size(), header + 2 + rows));
            } catch (Exception e) {
                return List.of("(class histogram unavailable: " + e + ")");
            }
        }
    }
}
