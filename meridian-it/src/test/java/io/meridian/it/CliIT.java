package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The CLI as a user meets it: real processes, real files, the embedded store. */
class CliIT {
    @TempDir
    Path dir;

    static Path example(String name) {
        Path p = Path.of("..", "examples", name).toAbsolutePath().normalize();
        assertThat(p).exists();
        return p;
    }

    @Test
    void helpListsTheCommands() throws Exception {
        var r = CliProcess.run(dir, "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("run", "validate", "resume", "status", "executions", "bench");
    }

    @Test
    void helloRunsToSuccessAndPrintsOneJsonDocument() throws Exception {
        var r = CliProcess.run(dir, "run", example("hello.yaml").toString(), "--input", "name=Ada", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = Json.parse(r.stdout());
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").path("greet_friends").path("jobs").asInt()).isEqualTo(3);
        assertThat(doc.path("outputs").path("summary").path("message").asString()).isEqualTo("Hello, Ada!");
        assertThat(doc.path("outputs").path("summary").path("friends_greeted").asInt()).isEqualTo(3);

        String id = doc.path("execution_id").asString();
        var status = CliProcess.run(dir, "status", id);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("greet_friends", "succeeded", "3/3");
        var list = CliProcess.run(dir, "executions");
        assertThat(list.stdout()).contains(id, "hello", "succeeded");
    }

    @Test
    void eventsListTheRunInOrderAsATableOrJsonAndRefuseAnUnknownType() throws Exception {
        var run = CliProcess.run(dir, "run", example("hello.yaml").toString(), "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String id = Json.parse(run.stdout()).path("execution_id").asString();

        var json = CliProcess.run(dir, "events", "--execution", id, "--limit", "1000", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        java.util.List<JsonNode> events = json.stdout().lines().map(Json::parse).toList();
        assertThat(events.getFirst().path("type").asString()).isEqualTo("io.meridian.execution.created");
        assertThat(events.getLast().path("type").asString()).isEqualTo("io.meridian.execution.succeeded");
        assertThat(events).extracting(e -> e.path("sequence").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(events).allMatch(e -> e.path("executionid").asString().equals(id));

        var table = CliProcess.run(dir, "events", "--type", "stage.succeeded", "--execution", id);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("SEQ", "TYPE", "stage.succeeded", "greet_friends", id)
                .doesNotContain("job.queued");

        var bad = CliProcess.run(dir, "events", "--type", "job.exploded");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("unknown event type 'job.exploded'");
    }

    @Test
    void mapReduceAddsUpItsFanOut() throws Exception {
        var r = CliProcess.run(dir, "run", example("map-reduce.yaml").toString(), "--input", "numbers=[1,2,3,4]",
                "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode total = Json.parse(r.stdout()).path("outputs").path("total");
        assertThat(total.path("sum_of_squares").asInt()).isEqualTo(30);
        assertThat(total.path("count").asInt()).isEqualTo(4);
    }

    @Test
    void retriesShowInTheAttemptCount() throws Exception {
        var r = CliProcess.run(dir, "run", example("retries.yaml").toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = Json.parse(r.stdout());
        assertThat(doc.path("stages").path("flaky").path("attempts").asInt()).isEqualTo(3);
        assertThat(doc.path("outputs").path("after").path("echo").asString())
                .isEqualTo("flaky succeeded on attempt 3");
    }

    @Test
    void aFailingPipelineExitsOneAndNamesTheStage() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                id: broken
                stages:
                  - id: nope
                    type: fail
                    retry: {max_retries: 0}
                    config: {message: "it was always going to fail"}
                """);
        var r = CliProcess.run(dir, "run", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("nope", "failed", "it was always going to fail");
    }

    @Test
    void validateExitsZeroForAValidFileAndTwoWithLineAndColumnOtherwise() throws Exception {
        assertThat(CliProcess.run(dir, "validate", example("hello.yaml").toString()).exitCode()).isZero();
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                id: bad
                stages:
                  - id: a
                    type: noop
                  - id: b
                    type: noop
                    dependson: [a]
                """);
        var r = CliProcess.run(dir, "validate", bad.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("bad.yaml:7:").contains("depends_on");
    }

    @Test
    void validateChecksEachStagesConfigAgainstItsTypesSchema() throws Exception {
        Path file = dir.resolve("write.yaml");
        Files.writeString(file, """
                id: write
                stages:
                  - id: save
                    type: database_write
                    config:
                      params: [1]
                """);
        var r = CliProcess.run(dir, "validate", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("write.yaml:5:5: stage 'save': database_write: config.sql is required");
    }

    @Test
    void aStageNoLocalWorkerCanRunIsRefusedUpFront() throws Exception {
        Path file = dir.resolve("gpu.yaml");
        Files.writeString(file, """
                id: gpu
                stages:
                  - id: train
                    type: noop
                    requires: {capabilities: [gpu]}
                """);
        var r = CliProcess.run(dir, "run", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("train", "gpu");
    }
}
