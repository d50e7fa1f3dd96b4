package io.meridian.bench;

import io.meridian.cli.command.ExitCode;
import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.federation.FederationConfig;
import io.meridian.engine.federation.RegionConfig;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.config.MeridianConfig;
import io.meridian.store.ExecutionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian bench-federation}: a home coordinator and two remote regions, each with its own durable embedded
 * store, workers and (remote ones) HTTP server on loopback, in one JVM. Prints the latency of a one-stage pipeline
 * run locally, federated to the local region, federated to a remote region and in parallel to two; then the time
 * from a region going away mid-run (its server stopped) to the stage finishing in the fallback region. Figures,
 * not assertions.
 */
@Command(name = "bench-federation", mixinStandardHelpOptions = true,
        description = "Benchmark federated stages: overhead against a local stage, and fail-over to the fallback region.")
public final class FederationBenchCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "200", description = "Measured runs per case (default: ${DEFAULT-VALUE}).")
    int runs;
    @Option(names = "--warmup", defaultValue = "50", description = "Unmeasured runs first (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--kills", defaultValue = "10", description = "Fail-over rounds (default: ${DEFAULT-VALUE}).")
    int kills;
    @Option(names = "--workers", defaultValue = "1",
            description = "Workers per region (default: ${DEFAULT-VALUE}; with 2 the engine's placement hand-off between "
                    + "waiting workers adds ~1 s to about 1 run in 100, for local and federated stages alike).")
    int workers;

    private final String key = UUID.randomUUID().toString();
    private Path dir;

    @Override
    public Integer call() throws Exception {
        dir = Files.createTempDirectory("meridian-federation-bench");
        try (Region a = Region.start(dir.resolve("remote-a"), key, 0, workers);
             Region b = Region.start(dir.resolve("remote-b"), key, 0, workers);
             EmbeddedRuntime home = EmbeddedRuntime.open(dir.resolve("home"), MeridianConfig.load(null),
                     EngineSettings.DEFAULT, "sqlite")) {
            int spare = Ports.free();
            var federation = home.startFederation(new FederationConfig(List.of(
                    RegionConfig.of("home", RegionConfig.LOCAL, null, null),
                    RegionConfig.of("remote-a", a.url(), key, null), RegionConfig.of("remote-b", b.url(), key, null),
                    RegionConfig.of("flaky", "http://127.0.0.1:" + spare, key, null)),
                    FederationStrategy.NEAREST, Duration.ofSeconds(5), 1_000_000, Duration.ofSeconds(1)));
            home.startWorkers(workers, 16, List.of("cpu", "network"));
            System.out.printf("Meridian federation benchmark: a home coordinator and 2 remote regions on loopback "
                    + "HTTP, each with SQLite (synchronous=full) and %d workers; one no-op stage per run, %d runs%n",
                    workers, runs);
            Stats local = measure(home, "local", "");
            Stats inHome = measure(home, "fed-home", "federation: {strategy: nearest, regions: [home]}");
            Stats remote = measure(home, "fed-remote", "federation: {strategy: nearest, regions: [remote-a]}");
            Stats both = measure(home, "fed-parallel",
                    "federation: {strategy: parallel, regions: [remote-a, remote-b], aggregation: merge}");
            System.out.printf("  local stage:                      p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms%n", local.p50(),
                    local.at(0.90), local.p99());
            print("federated to the local region:", inHome, local);
            print("federated to a remote region:", remote, local);
            print("federated to 2 regions, merge:", both, local);
            failover(home, federation, spare);
        }
        return ExitCode.OK;
    }

    private static void print(String what, Stats s, Stats local) {
        System.out.printf("  %-33s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  (over local: p50 %+.1f ms, p90 %+.1f ms)%n",
                what, s.p50(), s.at(0.90), s.p99(), s.p50() - local.p50(), s.at(0.90) - local.at(0.90));
    }

    private Stats measure(EmbeddedRuntime home, String id, String federation) throws InterruptedException {
        Pipeline p = PipelineReader.read("id: " + id + "\nstages:\n  - id: s\n    type: noop\n    " + federation + "\n",
                id + ".yaml", home.handlers().types());
        for (int i = 0; i < warmup; i++) {
            runOnce(home, p);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            millis.add(runOnce(home, p));
        }
        return new Stats(millis);
    }

    private static double runOnce(EmbeddedRuntime home, Pipeline p) throws InterruptedException {
        long t0 = System.nanoTime();
        ExecutionRecord x = home.coordinator().startExecution(p, Json.object(), null);
        ExecutionRecord done = awaitEnd(home, x.id(), Duration.ofSeconds(30));
        if (!done.status().name().equals("SUCCEEDED")) {
            throw new IllegalStateException("benchmark run " + done.id() + " " + done.status() + ": " + done.error());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Starts a region, a stage there that works for 2 s, stops the region mid-run, times the fallback finishing. */
    private void failover(EmbeddedRuntime home, io.meridian.engine.federation.FederationCoordinator federation, int port)
            throws Exception {
        Pipeline p = PipelineReader.read("""
                id: failover
                stages:
                  - id: s
                    type: delay
                    config: {millis: 2000}
                    federation: {strategy: nearest, regions: [flaky], fallback_region: home, max_retries: 0}
                """, "failover.yaml", home.handlers().types());
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < kills; round++) {
            try (Region flaky = Region.start(dir.resolve("flaky-" + round), key, port, workers)) {
                federation.checkHealth(); // the last probe saw it down; a region seen down is not chosen
                ExecutionRecord x = home.coordinator().startExecution(p, Json.object(), null);
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (flaky.runtime.coordinator().activeExecutions("fed.") == 0) {
                    if (System.nanoTime() > until) {
                        throw new IllegalStateException("the stage never reached the region about to fail");
                    }
                    Thread.sleep(2);
                }
                long t0 = System.nanoTime();
                flaky.server.close();
                ExecutionRecord done = awaitEnd(home, x.id(), Duration.ofSeconds(30));
                millis.add((System.nanoTime() - t0) / 1e6);
                if (!done.status().name().equals("SUCCEEDED")) {
                    throw new IllegalStateException("fail-over run " + done.id() + " " + done.status() + ": " + done.error());
                }
            }
        }
        Stats s = new Stats(millis);
        System.out.printf("  fail-over (%d rounds): region stopped mid-run -> stage done in the fallback region: "
                + "p50 %.0f ms  p99 %.0f ms; less the fallback's own 2 s run: p50 %.0f ms  p99 %.0f ms%n",
                kills, s.p50(), s.p99(), s.p50() - 2000, s.p99() - 2000);
    }

    private static ExecutionRecord awaitEnd(EmbeddedRuntime home, String id, Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            ExecutionRecord x = home.coordinator().execution(id).orElseThrow();
            if (x.status().isTerminal()) {
                return x;
            }
            Thread.sleep(0, 200_000);
        }
        throw new IllegalStateException("execution " + id + " did not finish within " + limit);
    }

    private record Stats(List<Double> millis) {
        double p50() {
            return at(0.50);
        }

        double p99() {
            return at(0.99);
        }

        double at(double q) {
            List<Double> sorted = millis.stream().sorted().toList();
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    /** A remote region: its own store and workers behind an HTTP server that accepts the region key. */
    private record Region(EmbeddedRuntime runtime, CoordinatorServer server) implements AutoCloseable {
        static Region start(Path dir, String key, int port, int workers) throws Exception {
            EmbeddedRuntime rt = EmbeddedRuntime.open(dir, MeridianConfig.load(null), EngineSettings.DEFAULT, "sqlite");
            CoordinatorServer server = CoordinatorServer.start(new ServerSettings("127.0.0.1", port, 16 << 20,
                    1_000_000, 4096, null, null), rt.coordinator(),
                    new Tokens().addToken(key, "peer", EnumSet.of(Scope.REGION)), rt.handlers().types());
            rt.startWorkers(workers, 16, List.of("cpu", "network"));
            return new Region(rt, server);
        }

        String url() {
            return "http://127.0.0.1:" + server.port();
        }

        @Override
        public void close() {
            server.close();
            runtime.close();
        }
    }
}
