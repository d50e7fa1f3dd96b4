package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A coordinator server and worker processes, all real JVMs talking HTTP on 127.0.0.1: failover after kill -9,
 * a frozen (SIGSTOP) worker whose late results are refused, capability routing, priority order and drain.
 */
class DistributedIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    Path pipeline(int items, int millis, String extraStage) throws Exception {
        Path ledger = dir.resolve("ledger.txt");
        String list = IntStream.range(0, items).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Path file = dir.resolve("fanout.yaml");
        Files.writeString(file, """
                id: fanout
                stages:
                  - id: work
                    type: ledger
                    foreach: "{{input.items}}"
                    config: {ledger: "%s", millis: %d}
                  - id: gather
                    type: ledger
                    depends_on: [work]
                    config: {ledger: "%s", millis: 1}
                %s
                """.formatted(ledger, millis, ledger, extraStage));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [" + list + "]}");
        return file;
    }

    String submit(ProcessHarness.Server server, Path file) throws Exception {
        var r = cluster.cli(server, "submit", file.toString(), "--input-file", dir.resolve("inputs.json").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    JsonNode awaitEnd(ProcessHarness.Server server, String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            doc[0] = ProcessHarness.execution(server, id);
            String s = doc[0].path("status").asString();
            return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
        });
        return doc[0];
    }

    /** Accepted attempt per idempotency key, asserting there is exactly one accepted result per job. */
    Map<String, Integer> acceptedAttempts(ProcessHarness.Server server) throws Exception {
        var r = cluster.cli(server, "queue", "jobs", "--status", "succeeded", "--limit", "100000", "--json");
        Map<String, Integer> accepted = new HashMap<>();
        for (JsonNode j : Json.parse(r.stdout()).path("jobs")) {
            assertThat(accepted.put(j.path("idempotency_key").asString(), j.path("attempt").asInt()))
                    .as("one accepted result per job").isNull();
        }
        return accepted;
    }

    @Test
    void aWorkerKilledMidRunLosesNothingAndItsJobsRunElsewhere() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        Path file = pipeline(500, 120, "");
        var victim = cluster.worker(server, "w1", "--concurrency", "8");
        cluster.worker(server, "w2", "--concurrency", "8");
        cluster.worker(server, "w3", "--concurrency", "8");
        String id = submit(server, file);
        Path ledger = dir.resolve("ledger.txt");
        long victimPid = victim.process.pid();
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.read(ledger).runs().stream()
                .filter(r -> r.pid() == victimPid).count() >= 20);
        long killedAt = System.currentTimeMillis();
        victim.kill9();

        JsonNode doc = awaitEnd(server, id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").path("work").path("output").size()).isEqualTo(500);

        Map<String, Integer> accepted = acceptedAttempts(server);
        assertThat(accepted).hasSize(501);
        Ledger runs = Ledger.read(ledger);
        runs.runs().forEach(r -> assertThat(r.attempt()).as("a run after the job's result was accepted: " + r)
                .isLessThanOrEqualTo(accepted.get(r.key())));
        // Failover: jobs the killed worker was running when it died, and when each started again elsewhere.
        Map<String, Long> restarted = new HashMap<>();
        runs.runs().stream().filter(r -> r.pid() != victimPid && r.millis() >= killedAt)
                .forEach(r -> restarted.merge(r.key(), r.millis(), Math::min));
        List<Long> failover = runs.runs().stream()
                .filter(r -> r.pid() == victimPid && accepted.get(r.key()) > r.attempt() && r.millis() < killedAt)
                .map(r -> restarted.get(r.key()) - killedAt).toList();
        assertThat(failover).as("the killed worker held jobs").isNotEmpty();
        System.out.printf("failover after kill -9: %d jobs moved, slowest started elsewhere after %d ms%n",
                failover.size(), failover.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    @Test
    void aFrozenWorkersLateResultsAreRefused() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        Path file = pipeline(40, 800, "");
        var frozen = cluster.worker(server, "frozen", "--concurrency", "4");
        String id = submit(server, file);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 4);
        ProcessHarness.signal(frozen.process, "STOP");
        cluster.worker(server, "healthy", "--concurrency", "8");
        // Past its heartbeat timeout the coordinator revokes its leases and the healthy worker takes the jobs over.
        long frozenPid = frozen.process.pid();
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.read(ledger).runs().stream()
                .anyMatch(r -> r.pid() != frozenPid && r.attempt() >= 2));
        ProcessHarness.signal(frozen.process, "CONT");

        JsonNode doc = awaitEnd(server, id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        Map<String, Integer> accepted = acceptedAttempts(server);
        Ledger.read(ledger).runs().forEach(r -> assertThat(r.attempt()).isLessThanOrEqualTo(accepted.get(r.key())));
        await().atMost(Duration.ofSeconds(30)).until(() -> frozen.stderrSoFar().contains("revoked")
                || frozen.stderrSoFar().contains("refused"));
    }

    @Test
    void gpuStagesRunOnlyOnGpuWorkersAndHigherPrioritiesGoFirst() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        Path ledger = dir.resolve("ledger.txt");
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, """
                id: mixed
                stages:
                  - id: low
                    type: ledger
                    priority: 1
                    foreach: "{{input.items}}"
                    config: {ledger: "%1$s", millis: 5}
                  - id: high
                    type: ledger
                    priority: 9
                    foreach: "{{input.items}}"
                    config: {ledger: "%1$s", millis: 5}
                  - id: train
                    type: ledger
                    requires: {capabilities: [gpu]}
                    config: {ledger: "%1$s", millis: 5}
                """.formatted(ledger));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [1,2,3,4,5,6,7,8,9,10]}");
        String id = submit(server, file);
        // Only now start the workers: the backlog is waiting, so the order shows the priority rule.
        var cpu = cluster.worker(server, "cpu-only", "--concurrency", "1");
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 20);
        assertThat(Ledger.read(ledger).runs()).extracting(Ledger.Run::key).noneMatch(k -> k.contains("/train/"));
        var gpu = cluster.worker(server, "gpu-box", "--concurrency", "1", "--capabilities", "gpu");
        doc[0] = awaitEnd(server, id);
        assertThat(doc[0].path("status").asString()).isEqualTo("succeeded");
        List<Ledger.Run> runs = Ledger.read(ledger).runs();
        assertThat(runs.stream().filter(r -> r.key().contains("/train/")).map(Ledger.Run::pid))
                .containsOnly(gpu.process.pid());
        List<String> cpuOrder = runs.stream().filter(r -> r.pid() == cpu.process.pid())
                .map(r -> r.key().split("/")[1]).toList();
        assertThat(cpuOrder.subList(0, 10)).as("priority 9 before priority 1").containsOnly("high");
        assertThat(cpuOrder.subList(10, 20)).containsOnly("low");
    }

    @Test
    void aWorkerStoppedWithSigtermFinishesWhatItRunsAndDeregisters() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        Path file = pipeline(6, 1500, "");
        var worker = cluster.worker(server, "w1", "--concurrency", "3");
        String id = submit(server, file);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 3);
        worker.process.destroy(); // SIGTERM
        var ended = worker.await(Duration.ofSeconds(30));
        assertThat(ended.stderr()).contains("stopping");
        // A deregistered worker stays listed, offline, for engine.workers.offline_retention (1 h by default). The
        // registry used to forget it 2 heartbeat timeouts (6 s) after it left: on a loaded machine this CLI's JVM
        // alone took longer to start, and the list came back empty. Check the call itself too, so a failing call
        // says why instead of leaving an empty list to trip over.
        var listed = cluster.cli(server, "workers", "--json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        var workers = Json.parse(listed.stdout()).path("workers");
        assertThat(workers.size()).as("workers listed: %s%nserver log:%n%s", listed.stdout(),
                server.process().stderrSoFar()).isEqualTo(1);
        assertThat(workers.get(0).path("status").asString()).isEqualTo("offline");
        cluster.worker(server, "w2", "--concurrency", "3");
        assertThat(awaitEnd(server, id).path("status").asString()).isEqualTo("succeeded");
        // The three jobs running at SIGTERM finished on w1: each ran exactly once.
        var counts = Ledger.read(ledger).runs().stream()
                .collect(Collectors.groupingBy(Ledger.Run::key, Collectors.counting()));
        assertThat(counts.values()).containsOnly(1L);
    }
}
