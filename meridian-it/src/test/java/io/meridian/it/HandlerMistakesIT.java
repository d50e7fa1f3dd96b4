package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The mistakes a new user's handler makes, on a real server and a remote worker started with {@code --handlers}:
 * each fails its own job with a clear error, and the coordinator and both workers go on serving other work.
 */
class HandlerMistakesIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;
    ProcessHarness.Server server;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    String submit(String name, String kind, int retries) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                id: %s
                stages:
                  - id: m
                    type: mistake
                    config: {kind: %s}
                    retry: {max_retries: %d, initial_backoff_seconds: 0.1, jitter: 0}
                """.formatted(name, kind, retries));
        var r = cluster.cli(server, "submit", file.toString());
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

    @Test
    void eachMistakeFailsItsOwnJobClearlyAndEveryoneKeepsServing() throws Exception {
        Path jar = UserHandlers.jar(dir);
        Path empty = UserHandlers.jarWithoutServices(dir);
        cluster = new ProcessHarness(dir);
        server = cluster.server("coordinator");
        var plain = cluster.worker(server, "plain");
        var custom = cluster.worker(server, "custom", "--handlers", jar + "," + empty);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ProcessHarness.workers(server).contains("\"custom\""));
        // loading: the broken handler and the jar without a services file are named; the rest loaded (the line
        // naming the stage types may come just after the registration)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(custom.stderrSoFar())
                .contains("acme.words.Broken", jar.toString(), "no licence key")
                .contains(empty.toString(), "no META-INF/services/io.meridian.worker.sdk.TaskHandler")
                .contains("word_count", "mistake"));

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("cyclic", List.of("result_unserialisable", "cannot be stored as JSON"));
        expected.put("throwing_getter", List.of("result_unserialisable", "getter exploded"));
        expected.put("nan", List.of("result_unserialisable", "NaN"));
        expected.put("empty", List.of("result_unserialisable", "java.lang.Object"));
        expected.put("missing_class", List.of("handler_error: java.lang.NoClassDefFoundError: acme/words/Gone",
                "\tat acme.words.Mistake.execute"));
        expected.put("static_init", List.of("handler_error: java.lang.ExceptionInInitializerError",
                "static init exploded", "\tat acme.words.Mistake"));
        expected.put("non_retryable", List.of("non_retryable: order 42 does not exist"));
        Map<String, String> ids = new LinkedHashMap<>();
        for (String kind : expected.keySet()) {
            ids.put(kind, submit("m-" + kind.replace('_', '-'), kind, kind.equals("non_retryable") ? 3 : 0));
        }
        String flaky = submit("flaky", "fail_twice", 3);

        for (var e : expected.entrySet()) {
            JsonNode doc = awaitEnd(ids.get(e.getKey()));
            assertThat(doc.path("status").asString()).as(e.getKey()).isEqualTo("failed");
            assertThat(doc.path("stages").path("m").path("error").asString()).as(e.getKey())
                    .contains(e.getValue());
        }
        assertThat(awaitEnd(ids.get("non_retryable")).path("stages").path("m").path("attempts").asInt())
                .as("a non-retryable failure is not retried").isEqualTo(1);
        JsonNode flakyDoc = awaitEnd(flaky);
        assertThat(flakyDoc.path("status").asString()).isEqualTo("succeeded");
        JsonNode flakyJob = Json.parse(cluster.cli(server, "queue", "jobs", "--status", "succeeded", "--json")
                .stdout()).path("jobs").valueStream().filter(j -> j.path("execution_id").asString().equals(flaky))
                .findFirst().orElseThrow();
        assertThat(flakyJob.path("error").asString()).as("earlier attempts stay visible after success")
                .contains("outage on attempt 2", "(attempt 2)", "outage on attempt 1", "(attempt 1)");

        // the coordinator and both workers still serve: a custom job and a built-in one run to the end
        Path words = dir.resolve("after.yaml");
        Files.writeString(words, """
                id: after
                stages:
                  - id: count
                    type: word_count
                    config: {text: "still here"}
                  - id: plain
                    type: noop
                """);
        var r = cluster.cli(server, "submit", words.toString());
        assertThat(awaitEnd(r.stdout().strip()).path("status").asString()).isEqualTo("succeeded");
        assertThat(plain.process.isAlive()).isTrue();
        assertThat(custom.process.isAlive()).isTrue();
        assertThat(server.process().stderrSoFar()).doesNotContain("must be restarted");
    }
}
