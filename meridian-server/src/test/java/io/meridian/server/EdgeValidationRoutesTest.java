package io.meridian.server;

import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.WORKER;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every id and text field the API takes is checked at the edge: 400 {@code invalid_field} naming the field, the
 * rule and the limit, before anything reaches a store; at the limit it is accepted.
 */
class EdgeValidationRoutesTest {
    static final String NUL = "\u0000";
    final TestServer api = new TestServer();

    EdgeValidationRoutesTest() throws Exception {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static ObjectNode registration(String workerId) {
        ObjectNode r = Json.object().put("worker_id", workerId).put("incarnation", "i1").put("host", "h")
                .put("pid", 1).put("cores", 2).put("memory_mb", 1024).put("gpus", 0).put("max_concurrency", 4)
                .put("cost_per_hour", 0).put("version", "t");
        r.putArray("capabilities").add("cpu");
        r.putObject("labels");
        return r;
    }

    private static void assertRefusedAtTheEdge(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(code(r)).isIn("invalid_field", "bad_request");
        assertThat(r.body()).doesNotContain(NUL).doesNotContain("\\u0000");
    }

    private static void assertInvalid(HttpResponse<String> r, String field, String rule) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("invalid_field");
        var details = json(r).path("error").path("details");
        assertThat(details.path("field").asString()).isEqualTo(field);
        assertThat(details.path("rule").asString()).isEqualTo(rule);
        assertThat(message(r)).doesNotContain(NUL).doesNotContain("\n");
    }

    @Test
    void workerRegistrationFieldsAreCheckedNulIncluded() throws Exception {
        Map<String, ObjectNode> bad = Map.of(
                "worker_id", registration("w" + NUL),
                "incarnation", registration("w").put("incarnation", "i" + NUL),
                "host", registration("w").put("host", "h" + NUL),
                "region", registration("w").put("region", "eu" + NUL),
                "version", registration("w").put("version", "1\n2"));
        for (var e : bad.entrySet()) {
            assertInvalid(api.call("POST", "/v1/workers", WORKER, Json.write(e.getValue())), e.getKey(), "charset");
        }
        ObjectNode caps = registration("w");
        caps.putArray("capabilities").add("gpu").add("x" + NUL);
        assertInvalid(api.call("POST", "/v1/workers", WORKER, Json.write(caps)), "capabilities[1]", "charset");
        ObjectNode labels = registration("w");
        labels.putObject("labels").put("zone", "a" + NUL);
        assertInvalid(api.call("POST", "/v1/workers", WORKER, Json.write(labels)), "labels.zone", "charset");
        assertInvalid(api.call("POST", "/v1/workers", WORKER, Json.write(registration("../../x"))), "worker_id",
                "charset");
        assertInvalid(api.call("POST", "/v1/workers", WORKER, Json.write(registration("w".repeat(129)))),
                "worker_id", "too_long");

        assertThat(api.call("POST", "/v1/workers", WORKER, Json.write(registration("w".repeat(128)))).statusCode())
                .isEqualTo(201);
        assertThat(api.coordinator.workers()).hasSize(1);
    }

    @Test
    void requestIdsAndIdempotencyKeysAreCheckedNot503() throws Exception {
        ObjectNode start = Json.object().put("pipeline_text", "id: p\nstages:\n  - id: a\n    type: noop\n");
        assertInvalid(api.call("POST", "/v1/executions", CLIENT, Json.write(start.deepCopy().put("request_id",
                "r" + NUL))), "request_id", "charset");
        assertInvalid(api.call("POST", "/v1/executions", CLIENT, Json.write(start.deepCopy().put("request_id",
                "r".repeat(60_000)))), "request_id", "too_long");
        assertInvalid(api.call("POST", "/v1/executions", CLIENT, Json.write(start), Map.of("Idempotency-Key",
                "k".repeat(256))), "Idempotency-Key", "too_long");
        assertThat(api.call("POST", "/v1/executions", CLIENT, Json.write(start.deepCopy().put("request_id",
                "r".repeat(255)))).statusCode()).isEqualTo(201);
    }

    @Test
    void theSameRequestIdForADifferentRequestIs409AndTheSameRequestStill200() throws Exception {
        String body = Json.write(Map.of("pipeline_text", "id: p\nstages:\n  - id: a\n    type: noop\n",
                "request_id", "req-1"));
        var first = api.call("POST", "/v1/executions", CLIENT, body);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(api.call("POST", "/v1/executions", CLIENT, body).statusCode()).isEqualTo(200);

        var other = api.call("POST", "/v1/executions", CLIENT, Json.write(Map.of(
                "pipeline_text", "id: q\nstages:\n  - id: a\n    type: noop\n", "request_id", "req-1")));
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(code(other)).isEqualTo("request_id_conflict");
        assertThat(message(other)).contains("req-1", "pipeline 'p'");
        assertThat(json(other).path("error").path("details").path("execution_id"))
                .isEqualTo(json(first).path("execution_id"));
        var otherInputs = api.call("POST", "/v1/executions", CLIENT, Json.write(Map.of(
                "pipeline_text", "id: p\ninputs:\n  n: {default: 1}\nstages:\n  - id: a\n    type: noop\n",
                "request_id", "req-1")));
        assertThat(otherInputs.statusCode()).isEqualTo(409);
    }

    @Test
    void lockFieldsAreCheckedByTheLockService() throws Exception {
        for (var body : java.util.List.of(Map.of("resource", "r" + NUL, "owner", "o", "ttl_ms", 1000),
                Map.of("resource", "r".repeat(201), "owner", "o", "ttl_ms", 1000),
                Map.of("resource", "r", "owner", "o\n" + NUL, "ttl_ms", 1000))) {
            var r = api.call("POST", "/v1/locks", CLIENT, Json.write(body));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(message(r)).doesNotContain(NUL);
        }
        assertThat(api.call("GET", "/v1/locks/" + encode("r" + NUL), CLIENT, null).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/v1/locks", CLIENT, Json.write(Map.of("resource", "r".repeat(200),
                "owner", "o".repeat(200), "ttl_ms", 1000))).statusCode()).isEqualTo(201);
    }

    @Test
    void checkpointAndPathIdsAreChecked() throws Exception {
        String id = json(api.call("POST", "/v1/executions", CLIENT, Json.write(Map.of("pipeline_text",
                "id: p\nstages:\n  - id: a\n    type: noop\n")))).path("execution_id").asString();
        var nul = api.call("POST", "/v1/executions/" + id + "/checkpoints", WORKER, Json.write(Map.of(
                "checkpoint_id", "c" + NUL)));
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(message(nul)).contains("checkpoint_id").doesNotContain(NUL);
        // NUL in a path is refused by the HTTP layer itself (a 400 before any route), which is as good
        assertRefusedAtTheEdge(api.call("GET", "/v1/executions/" + encode("x" + NUL), CLIENT, null));
        assertRefusedAtTheEdge(api.call("GET", "/v1/queue/jobs/" + encode("j" + NUL), CLIENT, null));
        assertInvalid(api.call("GET", "/v1/executions?pipeline_id=" + encode("p" + NUL), CLIENT, null),
                "pipeline_id", "charset");
        assertRefusedAtTheEdge(api.call("POST", "/v1/workers/" + encode("w" + NUL) + "/exchange", WORKER, "{}"));
        assertInvalid(api.call("GET", "/v1/queue/jobs/" + encode("j".repeat(129)), CLIENT, null), "job id (path)",
                "too_long");
        assertThat(api.call("POST", "/v1/executions/" + id + "/checkpoints", WORKER, Json.write(Map.of(
                "checkpoint_id", "c".repeat(200), "stage_id", "a"))).statusCode()).isEqualTo(201);
    }

    @Test
    void aJobListingIsBounded() throws Exception {
        assertThat(api.call("GET", "/v1/queue/jobs?status=waiting&limit=100000", CLIENT, null).statusCode())
                .isEqualTo(200);
        for (String limit : List.of("100001", "0", "-1")) {
            var refused = api.call("GET", "/v1/queue/jobs?status=waiting&limit=" + limit, CLIENT, null);
            assertThat(refused.statusCode()).as(limit).isEqualTo(400);
            assertThat(message(refused)).isEqualTo("limit must be an integer from 1 to 100000, got " + limit);
        }
    }

    @Test
    void queueJobsFollowThePipelineRules() throws Exception {
        var farFuture = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"timeout_seconds\": 1000000000000}");
        assertThat(farFuture.statusCode()).isEqualTo(400);
        assertThat(message(farFuture)).contains("timeout_seconds");
        var tooLong = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"timeout_seconds\": 604801}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(code(tooLong)).isEqualTo("validation_failed");
        assertThat(message(tooLong)).contains("timeout_seconds must be an integer 1–604800");
        assertThat(api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"timeout_seconds\": 604800}")
                .statusCode()).isEqualTo(201);

        var unknown = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"nope\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(message(unknown)).contains("unknown stage type 'nope'", "known types: noop");
        assertInvalid(api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"no\\u0000op\"}"), "type", "charset");

        var priority = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"jobs\": [{\"type\": \"noop\"}, "
                + "{\"type\": \"noop\", \"priority\": 11}]}");
        assertThat(priority.statusCode()).isEqualTo(400);
        assertThat(message(priority)).contains("jobs[1].priority", "1–10");
        var retry = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"retry\": {\"max_retries\": 101,"
                + " \"initial_backoff_seconds\": 1, \"multiplier\": 2, \"max_backoff_seconds\": 10, \"jitter\": 0}}");
        assertThat(retry.statusCode()).isEqualTo(400);
        assertThat(message(retry)).contains("retry.max_retries");
        assertThat(api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"retry\": {\"max_retries\": 0}}")
                .statusCode()).as("a partial retry policy takes the defaults for the rest").isEqualTo(201);
        assertThat(api.coordinator.jobs(java.util.EnumSet.allOf(io.meridian.model.execution.JobStatus.class), 10))
                .as("nothing from a refused batch was queued").hasSize(2);
    }

    @Test
    void aNotBeforeThatIsNoInstantIs400NamingTheField() throws Exception {
        var r = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"not_before\": \"yesterday\"}");
        assertInvalid(r, "not_before", "instant");
        assertThat(message(r)).contains("not_before", "ISO-8601", "'yesterday'");
        assertThat(api.call("POST", "/v1/queue/jobs", CLIENT,
                "{\"type\": \"noop\", \"not_before\": \"2030-01-01T00:00:00Z\"}").statusCode()).isEqualTo(201);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
