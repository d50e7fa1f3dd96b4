package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A coordinator without the user's handler jar, a plain worker and a worker started with {@code --handlers}: the
 * server accepts the custom type because a worker registered it, and every job of it runs on that worker.
 */
class MixedFleetIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;
    ProcessHarness.Server server;
    CliProcess plain;
    CliProcess custom;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    void startFleet() throws Exception {
        Path jar = UserHandlers.jar(dir);
        cluster = new ProcessHarness(dir);
        server = cluster.server("coordinator");
        plain = cluster.worker(server, "plain", "--concurrency", "8");
        custom = cluster.worker(server, "custom", "--concurrency", "8", "--handlers", jar.toString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String listed = ProcessHarness.workers(server);
            return listed.contains("\"plain\"") && listed.contains("\"custom\"");
        });
    }

    Path pipeline(String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    String submit(Path file, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", file.toString()));
        args.addAll(List.of(extra));
        var r = cluster.cli(server, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            doc[0] = ProcessHarness.execution(server, id);
            return SubmitStates.isTerminal(doc[0]);
        });
        return doc[0];
    }

    List<JsonNode> jobs(String status) throws Exception {
        var r = cluster.cli(server, "queue", "jobs", "--status", status, "--limit", "100000", "--json");
        List<JsonNode> out = new ArrayList<>();
        Json.parse(r.stdout()).path("jobs").forEach(out::add);
        return out;
    }

    @Test
    void everyJobOfTheCustomTypeRunsOnTheWorkerThatHasIt() throws Exception {
        startFleet();
        String items = IntStream.range(0, 200).mapToObj(i -> "\"w" + i + " x\"").collect(Collectors.joining(","));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [" + items + "]}");
        Path file = pipeline("words", """
                id: words
                stages:
                  - id: count
                    type: word_count
                    foreach: "{{input.items}}"
                    config: {text: "hello"}
                  - id: after
                    type: noop
                    depends_on: [count]
                """);

        JsonNode doc = awaitEnd(submit(file, "--input-file", dir.resolve("inputs.json").toString()));

        assertThat(doc.path("status").asString()).as(doc.toString()).isEqualTo("succeeded");
        JsonNode outputs = doc.path("stages").path("count").path("output");
        assertThat(outputs.size()).isEqualTo(200);
        outputs.forEach(o -> assertThat(o.path("pid").asLong()).isEqualTo(custom.process.pid()));
        List<JsonNode> counted = jobs("succeeded").stream()
                .filter(j -> j.path("type").asString().equals("word_count")).toList();
        assertThat(counted).hasSize(200).allSatisfy(j -> {
            assertThat(j.path("worker_id").asString()).isEqualTo("custom");
            assertThat(j.path("attempt").asInt()).as("no attempt went elsewhere first").isEqualTo(1);
        });
        assertThat(jobs("failed,dead")).isEmpty();
        assertThat(plain.stderrSoFar()).doesNotContain("unknown_type");
    }

    @Test
    void aTypeNoWorkerHasIsRefusedWithEveryProblemAndATypeOnlyConfiguredWaitsUnschedulable() throws Exception {
        Files.writeString(dir.resolve("meridian.yaml"), "engine:\n  stage_types: [later_type]\n");
        Path jar = UserHandlers.jar(dir);
        cluster = new ProcessHarness(dir);
        server = cluster.server("coordinator", "--config", dir.resolve("meridian.yaml").toString());
        cluster.worker(server, "custom", "--handlers", jar.toString());
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ProcessHarness.workers(server).contains("\"custom\""));
        Path typos = pipeline("typos", """
                id: typos
                stages:
                  - id: count
                    type: word_cout
                  - id: other
                    type: nothing_like_it
                """);

        var refused = cluster.cli(server, "submit", typos.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("typos.yaml:4:5:", "'word_cout'", "did you mean 'word_count'")
                .contains("typos.yaml:6:5:", "'nothing_like_it'").contains("2 problems")
                .doesNotContain("problem(s)");

        Path later = pipeline("later", """
                id: later
                stages:
                  - id: wait
                    type: later_type
                """);
        String id = submit(later);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                cluster.cli(server, "queue", "stats").stdout()
                        .contains("UNSCHEDULABLE: 1 later_type job(s): no worker has stage type later_type"));
        assertThat(Json.parse(cluster.cli(server, "status", id, "--json").stdout()).path("status").asString())
                .isEqualTo("running");
    }
}
