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
 * to the upstream list, never copies, so storage stays O(N). Also the large fan-out input: 5 MB of rows fan out and
 * complete; 100 MB (20 MB in the short run) is refused by engine.max_input_bytes. The request limit is raised to
 * 160 MiB here so that the input reaches the engine: at the default 4 MiB the API refuses it first (413).
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
                server:
                  max_body_bytes: 167772160
                auth:
                  tokens:
                    - {name: it, scopes: [admin], sha256: "%s"}
                """.formatted(pg.location(), hash));
        cluster = new ProcessHarness(dir);
        var a = cluster.peer("coord-a", TOKEN, javaOpts("coord-a"));
        await().atMost(Duration.ofSeconds(60)).until(() -> PostgresCoordinators.role(a).equals("leader"));
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
        // the size in both runs: it takes about half a minute here (the short run is not shorter)
        int items = 20_000;
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
        // whichever leads now: on a loaded box the first one may already have handed over
        ProcessHarness.Server leader = coordinators.stream().filter(c -> PostgresCoordinators.role(c).equals("leader"))
                .findFirst().orElseThrow();
        leader.process().kill9();
        long killedAt = System.nanoTime();
        var survivor = coordinators.stream().filter(c -> c != leader).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> PostgresCoordinators.role(survivor).equals("leader"));
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
        assertThat(before.path("stages").path("gen").path("status").asString()).as("gen finished before the kill")
                .isEqualTo("succeeded");
        for (String stage : List.of("gen", "each", "count")) {
            JsonNode run = doc.path("stages").path(stage);
            assertThat(run.path("jobs_done").asInt()).as("%s: every job counted once across the takeover", stage)
                    .isEqualTo(run.path("jobs").asInt()).isPositive();
        }
        acceptedOnce(items + 2);
        long stored = pg.bytes();
        System.out.printf("STRESS fan-out cluster: items=%d heap=%s killed_after_items=%d takeover_ms=%d total_ms=%d "
                + "peak_heap %s store_bytes=%d store_bytes_per_item=%d%n", items, HEAP, doneAtKill, takeoverMs,
                totalMs, peakHeaps(), stored, stored / items);
        System.out.println("STRESS fan-out cluster store by table: " + pg.tableSizes());
    }

    /** A pipeline fanning out over its input {@code rows}; each item's job returns its row's length. */
    Path rowsPipeline() throws Exception {
        Path file = dir.resolve("rows.yaml");
        Files.writeString(file, """
                id: rows
                inputs:
                  rows: {description: the rows to fan out over}
                stages:
                  - id: each
                    type: json_transform
                    foreach: "{{input.rows}}"
                    config: {input: "{{item}}", expression: "length"}
                """);
        return file;
    }

    /** An input file {"rows": [...]} of about {@code bytes} bytes, in rows of {@code rowBytes}; returns the count. */
    static int writeRows(Path file, long bytes, int rowBytes) throws Exception {
        int rows = (int) (bytes / (rowBytes + 3));
        String row = "\"" + "r".repeat(rowBytes) + "\"";
        try (var out = Files.newBufferedWriter(file)) {
            out.write("{\"rows\": [");
            for (int i = 0; i < rows; i++) {
                out.write(i == 0 ? row : "," + row);
            }
            out.write("]}");
        }
        return rows;
    }

    /**
     * Starts the pipeline with the inputs file streamed as the request body, with a generous timeout (the CLI's
     * is 30 s): the API answers with the whole execution document, inputs included.
     */
    HttpResponse<String> post(Path pipeline, Path inputs) throws Exception {
        // Whoever leads: a leader busy with a huge request on a loaded box may lose its lease meanwhile (503).
        List<HttpResponse<String>> answer = new java.util.ArrayList<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var leader = coordinators.stream().filter(c -> PostgresCoordinators.role(c).equals("leader")).findFirst();
            if (leader.isEmpty()) {
                return false;
            }
            var r = post(leader.get(), pipeline, inputs);
            answer.add(r);
            return r.statusCode() != 503 && r.statusCode() != 307;
        });
        return answer.getLast();
    }

    HttpResponse<String> post(ProcessHarness.Server to, Path pipeline, Path inputs) throws Exception {
        String head = "{\"pipeline_text\": " + Json.write(Files.readString(pipeline)) + ", \"inputs\": ";
        var body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                HttpRequest.BodyPublishers.ofFile(inputs), HttpRequest.BodyPublishers.ofString("}"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(to.url() + "/v1/executions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHundredMegabyteFanOutInputIsRefusedByTheInputLimitAndFiveMegabytesFanOut() throws Exception {
        Path pipeline = rowsPipeline();
        // the request limit is raised for this test (see the class comment), so the input reaches the engine
        long refusedBytes = StressScale.pick(20, 100) * 1024L * 1024;
        Path big = dir.resolve("big.json");
        writeRows(big, refusedBytes, 4096);
        long posted = System.nanoTime();
        var refused = post(pipeline, big);
        long refuseMs = (System.nanoTime() - posted) / 1_000_000;
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Json.parse(refused.body()).path("error").path("message").asString())
                .contains("over the limit of 16777216 bytes (engine.max_input_bytes)");
        System.out.printf("STRESS fan-out input refused: input_bytes=%d refuse_ms=%d peak_heap %s%n",
                Files.size(big), refuseMs, peakHeaps());

        // the cluster keeps serving: 5 MB of rows fan out and complete
        Path fits = dir.resolve("fits.json");
        int rows = writeRows(fits, 5L * 1024 * 1024, 4096);
        long started = System.nanoTime();
        var accepted = post(pipeline, fits);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        JsonNode doc = awaitEnd(Json.parse(accepted.body()).path("execution_id").asString());
        assertThat(doc.path("status").asString()).as(doc.path("error").asString()).isEqualTo("succeeded");
        JsonNode outputs = doc.path("stages").path("each").path("output");
        assertThat(outputs.size()).isEqualTo(rows);
        assertThat(outputs).allMatch(o -> o.asInt() == 4096);
        long stored = pg.bytes();
        System.out.printf("STRESS fan-out input: input_bytes=%d items=%d total_ms=%d peak_heap %s store_bytes=%d "
                + "store_bytes_per_item=%d%n", Files.size(fits), rows, (System.nanoTime() - started) / 1_000_000,
                peakHeaps(), stored, stored / rows);
        System.out.println("STRESS fan-out input store by table: " + pg.tableSizes());
    }
}
