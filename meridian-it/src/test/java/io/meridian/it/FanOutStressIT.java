package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The cluster: two coordinators on PostgreSQL with a 768 MB heap each, three worker processes, and a stage
 * whose output is a 20,000-element list for a foreach stage. The leader is killed with SIGKILL mid-run; the run
 * completes on the other coordinator with every item's output present once and in order. Jobs carry references
 * to the upstream list, never copies, so storage stays O(N). Also: a large fan-out input (100 MB at full size).
 */
class FanOutStressIT {
    static final String TOKEN = "it-admin-token-0123456789";
    static final String HEAP = "-Xmx768m";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    TestPostgres pg;
    ProcessHarness cluster;
    List<ProcessHarness.Server> coordinators;
    String addresses;

    @BeforeEach
    void start() throws Exception {
        pg = TestPostgres.requireOrSkip();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes()));
        Files.writeString(dir.resolve("meridian.yaml"), """
                store: "%s"
                auth:
                  tokens:
                    - {name: it, scopes: [admin], sha256: "%s"}
                """.formatted(pg.location(), hash));
        cluster = new ProcessHarness(dir);
        var a = cluster.peer("coord-a", TOKEN, javaOpts("coord-a"));
        await().atMost(Duration.ofSeconds(60)).until(() -> LeaderFailoverIT.role(a).equals("leader"));
        coordinators = List.of(a, cluster.peer("coord-b", TOKEN, javaOpts("coord-b")));
        addresses = coordinators.stream().map(ProcessHarness.Server::url).collect(Collectors.joining(","));
        for (String w : List.of("w1", "w2", "w3")) {
            cluster.worker(addresses, TOKEN, w, "--concurrency", "16");
        }
    }

    Map<String, String> javaOpts(String name) {
        return Map.of("MERIDIAN_JAVA_OPTS", HEAP + " " + HeapLog.options(dir.resolve("gc-" + name + ".log")));
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    String submit(Path pipeline, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("submit", pipeline.toString(), "--coordinator",
                addresses, "--token", TOKEN));
        args.addAll(List.of(extra));
        var r = CliProcess.run(dir, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    Optional<JsonNode> execution(String id) {
        for (var c : coordinators) {
            try {
                var r = HTTP.send(HttpRequest.newBuilder(URI.create(c.url() + "/v1/executions/" + id))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Optional.of(Json.parse(r.body()));
                }
            } catch (Exception unreachable) {
                // the killed one, or one busy taking over: ask the other
            }
        }
        return Optional.empty();
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            doc[0] = execution(id).orElse(null);
            String s = doc[0] == null ? "" : doc[0].path("status").asString();
            return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
        });
        return doc[0];
    }

    /** Accepted results by idempotency key: each job's exactly once. */
    Set<String> acceptedOnce(int expected) throws Exception {
        var r = CliProcess.run(dir, "queue", "jobs", "--status", "succeeded", "--limit", "100000", "--json",
                "--coordinator", addresses, "--token", TOKEN);
        Set<String> keys = new HashSet<>();
        for (JsonNode j : Json.parse(r.stdout()).path("jobs")) {
            assertThat(keys.add(j.path("idempotency_key").asString())).as("one accepted result per job").isTrue();
        }
        assertThat(keys).hasSize(expected);
        return keys;
    }

    String peakHeaps() throws Exception {
        return coordinators.stream().map(c -> c.dataDir().getFileName().toString()).map(name -> {
            try {
                return name + "=" + HeapLog.peakMb(dir.resolve("gc-" + name + ".log")) + "MB";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).collect(Collectors.joining(" "));
    }

    @Test
    void aTwentyThousandItemFanOutSurvivesTheLeadersKillAndCompletesOnceInOrder() throws Exception {
        int items = StressScale.pick(2_000, 20_000);
        Path file = dir.resolve("fan.yaml");
        Files.writeString(file, """
                id: fan
                stages:
                  - id: gen
                    type: json_transform
                    config: {expression: "[range(%d)]"}
                  - id: each
                    type: json_transform
                    depends_on: [gen]
                    foreach: "{{stages.gen.output}}"
                    config: {input: "{{item}}", expression: ". * 2"}
                  - id: count
                    type: json_transform
                    depends_on: [each]
                    config: {expression: "length"}
                """.formatted(items));
        long started = System.nanoTime();
        String id = submit(file);

        // kill -9 the leader once some, but not all, items have finished
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> execution(id)
                .map(x -> x.path("stages").path("each").path("jobs_done").asInt() >= items / 5).orElse(false));
        JsonNode before = execution(id).orElseThrow();
        int doneAtKill = before.path("stages").path("each").path("jobs_done").asInt();
        assertThat(doneAtKill).as("killed mid-run").isLessThan(items);
        ProcessHarness.Server leader = coordinators.get(0);
        leader.process().kill9();
        long killedAt = System.nanoTime();
        var survivor = coordinators.get(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> LeaderFailoverIT.role(survivor).equals("leader"));
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;

        JsonNode doc = awaitEnd(id);
        long totalMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(doc.path("status").asString()).as(doc.path("error").asString()).isEqualTo("succeeded");
        JsonNode outputs = doc.path("stages").path("each").path("output");
        assertThat(outputs.size()).isEqualTo(items);
        for (int i = 0; i < items; i++) {
            assertThat(outputs.get(i).asInt()).as("item %d, once and in order", i).isEqualTo(2 * i);
        }
        assertThat(doc.path("stages").path("count").path("output").asInt()).isEqualTo(items);
        acceptedOnce(items + 2);
        long stored = pg.bytes();
        System.out.printf("STRESS fan-out cluster: items=%d heap=%s killed_after_items=%d takeover_ms=%d total_ms=%d "
                + "peak_heap %s store_bytes=%d store_bytes_per_item=%d%n", items, HEAP, doneAtKill, takeoverMs,
                totalMs, peakHeaps(), stored, stored / items);
    }
}
