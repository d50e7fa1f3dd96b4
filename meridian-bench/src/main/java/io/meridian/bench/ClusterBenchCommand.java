package io.meridian.bench;

import io.meridian.cli.command.ExitCode;
import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.protocol.api.JobSubmission;
import io.meridian.engine.EngineSettings;
import io.meridian.model.json.Json;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.config.MeridianConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian bench-cluster}: a coordinator server (durable embedded store in this JVM, or one or more
 * coordinator processes on PostgreSQL or MariaDB) and worker processes over loopback HTTP. Prints enqueue and processing rates, submit-to-start latency at a fixed submission rate, and
 * failover time over repeated kill -9 of a worker. Figures, not assertions.
 */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
        description = "Benchmark a coordinator server with worker processes over loopback HTTP.")
public final class ClusterBenchCommand implements Callable<Integer> {
    @Option(names = "--jobs", defaultValue = "100000",
            description = "No-op jobs per throughput round; rounds of 100,000 or more keep a second of noise from deciding "
                    + "the figure (default: ${DEFAULT-VALUE}).")
    int jobs;
    @Option(names = "--workers", defaultValue = "4", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = "--concurrency", defaultValue = "256", description = "Job slots per worker (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--latency-jobs", defaultValue = "2000",
            description = "Jobs submitted one at a time for the submit-to-start latency (default: ${DEFAULT-VALUE}).")
    int latencyJobs;
    @Option(names = "--latency-warmup", defaultValue = "2000",
            description = "Jobs submitted one at a time, unmeasured, before the latency run (default: ${DEFAULT-VALUE}).")
    int latencyWarmup;
    @Option(names = "--rate", defaultValue = "200", description = "Submissions per second in the latency run (default: ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--kills", defaultValue = "20",
            description = "Times a busy worker is killed with kill -9 to time failover; 0 skips it (default: ${DEFAULT-VALUE}).")
    int kills;
    @Option(names = "--warmup", defaultValue = "100000",
            description = "Jobs run first, unmeasured, so that the JVMs' JIT has compiled the hot paths (a shorter "
                    + "warm-up measures the compiler as much as Meridian).")
    int warmup;
    @Option(names = "--rounds", defaultValue = "5",
            description = "Times the throughput run is repeated; each round and the median are printed.")
    int rounds;

    @Option(names = "--store", defaultValue = "sqlite", paramLabel = "LOCATION",
            description = "sqlite (default: the coordinator runs in this JVM), postgresql://user@host:port/db or "
                    + "mariadb://user@host:port/db: coordinator server processes on a fresh PostgreSQL schema (one "
                    + "named by schema= must not exist yet) or a fresh MariaDB database, dropped at the end.")
    String store;
    @Option(names = "--coordinators", defaultValue = "1",
            description = "Coordinator server processes sharing the PostgreSQL or MariaDB store; workers and the client know all.")
    int coordinators;

    @Option(names = "--no-events", description = "Record no events (events.enabled: false): to measure what the "
            + "event outbox costs against a run with events (the default).")
    boolean noEvents;

    private final List<Process> processes = new ArrayList<>();
    private String url;
    private String metricsUrl;
    private String token;
    private CpuTime cpu;

    private EngineSettings engineSettings() {
        return noEvents ? EngineSettings.DEFAULT.withEvents(new io.meridian.engine.events.EventSettings(false,
                io.meridian.engine.events.EventSettings.DEFAULT_RETENTION)) : EngineSettings.DEFAULT;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("meridian-cluster-bench");
        token = UUID.randomUUID().toString();
        boolean shared = !store.startsWith("sqlite");
        if (!shared && coordinators != 1) {
            throw new IllegalArgumentException("--coordinators > 1 needs a shared store: --store postgresql://... or mariadb://...");
        }
        String location = shared ? BenchSchema.fresh(store) : store;
        try (EmbeddedRuntime rt = shared ? null
                     : EmbeddedRuntime.open(dir, MeridianConfig.load(null), engineSettings(), store);
             CoordinatorServer server = shared ? null : CoordinatorServer.start(new ServerSettings("127.0.0.1", 0,
                     16 << 20, 1_000_000, 4096, null, null), rt.coordinator(), new Tokens().addToken(token, "bench",
                     EnumSet.of(Scope.ADMIN)), rt.handlers().types());
             BenchCoordinators nodes = shared ? BenchCoordinators.start(coordinators, location, token, !noEvents, dir)
                     : null) {
            url = shared ? nodes.addresses() : "http://127.0.0.1:" + server.port();
            metricsUrl = shared ? nodes.leaderUrl() : url;
            MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(url), token);
            cpu = new CpuTime(() -> shared ? nodes.handles() : List.of(ProcessHandle.current()),
                    () -> processes.stream().map(Process::toHandle).toList());
            System.out.printf("Meridian cluster benchmark: %s, %d worker processes x %d slots, %d no-op jobs%n",
                    shared ? coordinators + " coordinator process(es) on " + BenchSchema.describe(location)
                            + ", leader " + nodes.leader().orElse("(none yet)")
                            : "coordinator " + url + " in this JVM (SQLite, synchronous=full)",
                    workers, concurrency, jobs);
            System.out.println("Events: " + (noEvents ? "off (--no-events)" : "on"));
            for (int i = 1; i <= workers; i++) {
                startWorker("bench-" + i, concurrency, List.of());
            }
            awaitWorkers(client, workers);
            throughput(client, warmup); // unmeasured
            List<Double> rates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                rates.add(report(round, throughput(client, jobs)));
            }
            if (rounds > 1) {
                List<Double> sorted = rates.stream().sorted().toList();
                System.out.printf("  processing, median of %d rounds    %,10.0f jobs/s  (min %,.0f, max %,.0f)%n", rounds,
                        sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast());
            }
            latency(client);
            failover(client, dir);
            if (shared) {
                System.out.println("  leader at the end: " + nodes.leader().orElse("(none)"));
            }
            stopWorkers(); // before the coordinators, so that they can deregister
        } finally {
            stopWorkers();
            if (shared) {
                BenchSchema.drop(location);
            }
        }
        return ExitCode.OK;
    }

    private void stopWorkers() throws InterruptedException {
        processes.forEach(Process::destroy); // SIGTERM: workers drain and deregister
        for (Process p : processes) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    /** What one throughput round measured. */
    private record Round(int jobs, double enqueueSeconds, double processSeconds, double exchanges, double commits,
                         double writes, CpuTime.Reading processCpu) {}

    /**
     * Bulk-enqueues {@code n} no-op jobs with dispatch paused, then resumes dispatch and waits until all have
     * finished. Completion is polled every 10 ms (queue stats are counters, cheap to read), so the figure is
     * exact to about 1% for 20,000 jobs.
     */
    private Round throughput(MeridianClient client, int n) throws InterruptedException {
        if (n == 0) {
            return new Round(0, 0, 0, 0, 0, 0, null);
        }
        double exchangesBefore = exchanges(client);
        double commitsBefore = metric("meridian_store_commits");
        double writesBefore = metric("meridian_store_commit_writes");
        client.pauseQueue(null);
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += 1000) {
            client.submitJobs(java.util.Collections.nCopies(Math.min(n, from + 1000) - from,
                    JobSubmission.of("noop", null)));
        }
        double enqueue = (System.nanoTime() - t0) / 1e9;
        long base = client.queueStats().succeeded();
        long t1 = System.nanoTime();
        CpuTime.Reading cpuBefore = cpu.read();
        client.resumeQueue(null);
        while (client.queueStats().succeeded() - base < n) {
            Thread.sleep(10);
        }
        double process = (System.nanoTime() - t1) / 1e9;
        CpuTime.Reading processCpu = cpu.read().minus(cpuBefore);
        return new Round(n, enqueue, process, exchanges(client) - exchangesBefore,
                metric("meridian_store_commits") - commitsBefore, metric("meridian_store_commit_writes") - writesBefore,
                processCpu);
    }

    private double report(int round, Round r) {
        System.out.printf("  round %d: enqueue over HTTP (1,000 per call) %,9.0f jobs/s  (%.2f s)%n", round,
                r.jobs / r.enqueueSeconds, r.enqueueSeconds);
        System.out.printf("           processing by %d worker processes  %,9.0f jobs/s  (%.2f s, %.3f worker round "
                + "trips per job)%n", workers, r.jobs / r.processSeconds, r.processSeconds, r.exchanges / r.jobs);
        // the coordinator's share includes this benchmark's own client when the coordinator runs in this JVM
        System.out.printf("           CPU per job while processing  %,9.1f µs  (coordinator %.1f, workers %.1f)%n",
                (r.processCpu.coordinatorNanos() + r.processCpu.workerNanos()) / 1e3 / r.jobs,
                r.processCpu.coordinatorNanos() / 1e3 / r.jobs, r.processCpu.workerNanos() / 1e3 / r.jobs);
        if (!Double.isNaN(r.commits)) {
            System.out.printf("           store transactions %,.0f  (%.0f per s, %.1f writes each)%n", r.commits,
                    r.commits / (r.enqueueSeconds + r.processSeconds), r.writes / r.commits);
        }
        return r.jobs / r.processSeconds;
    }

    private void latency(MeridianClient client) throws InterruptedException {
        // One-at-a-time submissions take code paths the bulk rounds barely ran (single-job exchanges, long polls
        // woken one job at a time): run them unmeasured first, so the figures are the server's, not the JIT's.
        submitOneByOne(client, latencyWarmup, new HashMap<>(), new Histogram(3));
        Map<String, Instant> submitted = new HashMap<>();
        Histogram submitCall = new Histogram(3);
        submitOneByOne(client, latencyJobs, submitted, submitCall);
        Histogram h = new Histogram(3);
        for (Map.Entry<String, Instant> e : submitted.entrySet()) {
            Instant started = Instant.parse(client.job(e.getKey()).result().path("started_at").asString());
            h.recordValue(Math.max(0, java.time.Duration.between(e.getValue(), started).toNanos() / 1000));
        }
        System.out.printf("  submit-to-start, %d jobs one at a time at %d/s: p50 %.2f ms  p99 %.2f ms  (n=%d; p90 %.2f, "
                        + "p99.9 %.2f, max %.2f ms)%n", latencyJobs, rate, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getTotalCount(), h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        System.out.printf("  durable submit call over HTTP: p50 %.2f ms  p99 %.2f ms%n",
                submitCall.getValueAtPercentile(50) / 1e3, submitCall.getValueAtPercentile(99) / 1e3);
    }

    /** Submits {@code n} no-op jobs one at a time at {@code rate} per second and waits until all have finished. */
    private void submitOneByOne(MeridianClient client, int n, Map<String, Instant> submitted, Histogram submitCall)
            throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        long base = client.queueStats().succeeded();
        for (int i = 0; i < n; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            JobSubmission job = JobSubmission.of("noop", Json.object().put("timestamp", true));
            Instant at = Instant.now();
            long t = System.nanoTime();
            submitted.put(client.submitJobs(List.of(job)).get(0), at);
            submitCall.recordValue((System.nanoTime() - t) / 1000);
        }
        while (client.queueStats().succeeded() - base < n) {
            Thread.sleep(100);
        }
    }

    /** Each round: a victim worker takes some 3-second jobs, is killed with SIGKILL, and we time the takeover. */
    private void failover(MeridianClient client, Path dir) throws Exception {
        if (kills == 0) {
            return;
        }
        Histogram h = new Histogram(3);
        for (int round = 1; round <= kills; round++) {
            Process victim = startWorker("victim-" + round, 4, List.of());
            awaitWorkers(client, workers + 1);
            client.submitJobs(java.util.Collections.nCopies(workers * concurrency + 8,
                    JobSubmission.of("delay", Json.object().put("seconds", 3))));
            List<String> held = heldBy(client, "victim-" + round);
            while (held.isEmpty()) {
                Thread.sleep(10);
                held = heldBy(client, "victim-" + round);
            }
            long killed = System.nanoTime();
            victim.destroyForcibly();
            while (!movedAway(client, held, "victim-" + round)) {
                Thread.sleep(10);
            }
            h.recordValue((System.nanoTime() - killed) / 1_000_000);
            while (client.queueStats().waiting() + client.queueStats().leased()
                    + client.queueStats().running() > 0) {
                Thread.sleep(50);
            }
        }
        System.out.printf("  failover after kill -9 (%d kills): p50 %d ms  max %d ms  (kill to all its jobs leased "
                + "elsewhere)%n", kills, h.getValueAtPercentile(50), h.getMaxValue());
    }

    /** A gauge of the leading coordinator's /metrics (NaN for the in-JVM coordinator, which has none). */
    private double metric(String name) {
        return scrape().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    private String scrape() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(metricsUrl + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Worker round trips so far, from the coordinator's own HTTP metrics. */
    private double exchanges(MeridianClient client) {
        try {
            String text = scrape();
            return text.lines().filter(l -> l.startsWith("meridian_http_server_requests_seconds_count")
                            && l.contains("route=\"/v1/workers/{id}/exchange\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static List<String> heldBy(MeridianClient client, String worker) {
        List<String> ids = new ArrayList<>();
        client.jobs("leased,running", 10_000).forEach(j -> {
            if (worker.equals(j.workerId())) {
                ids.add(j.id());
            }
        });
        return ids;
    }

    private static boolean movedAway(MeridianClient client, List<String> ids, String worker) {
        for (String id : ids) {
            var j = client.job(id);
            String status = j.status();
            // a job the victim finished before it died (a slow, loaded machine) keeps its worker id: it has nothing
            // left to move, and waiting for it would never end
            boolean stillHeld = worker.equals(j.workerId()) && (status.equals("leased") || status.equals("running"));
            if (stillHeld || status.equals("waiting")) {
                return false;
            }
        }
        return true;
    }

    private Process startWorker(String id, int slots, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED"));
        String opts = System.getenv("MERIDIAN_WORKER_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.replace("{id}", id).split(" ")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.meridian.cli.Main", "worker", "--coordinator", url, "--id", id,
                "--concurrency", Integer.toString(slots)));
        cmd.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().put("MERIDIAN_TOKEN", token); // not on the command line, where ps shows it
        Process p = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    private static void awaitWorkers(MeridianClient client, int n) throws InterruptedException {
        while (client.workers().workers().stream()
                .filter(w -> !w.status().equals("offline") && !w.status().equals("unhealthy")).count() < n) {
            Thread.sleep(50);
        }
    }
}
