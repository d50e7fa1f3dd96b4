package io.meridian.server;

import static io.meridian.server.TestServer.ADMIN;
import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.WORKER;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Replays each of the seed's 17 routes against a real server, with the seed's camelCase bodies. */
class SeedApiTest {
    static final Set<String> SEED_ROUTES = Set.of("POST /workers/register", "GET /workers/list",
            "GET /workers/{id}/status", "POST /workers/{id}/heartbeat", "DELETE /workers/{id}", "GET /queue/stats",
            "POST /queue/pause", "POST /queue/resume", "GET /queue/jobs", "POST /queue/jobs/{id}/cancel",
            "POST /execute/distributed", "GET /execute/{id}/status", "POST /execute/{id}/pause",
            "POST /execute/{id}/resume", "GET /health/workers", "GET /health/queue", "GET /health/state");
    static final String REGISTRATION = """
            {"workerId": "seed-w1", "hostname": "box", "pid": 42, "capabilities": ["cpu", "gpu"],
             "maxConcurrency": 3, "currentLoad": 0, "registeredAt": 0, "lastHeartbeat": 0, "status": "idle",
             "metadata": {"cpuCores": 8, "memoryGB": 16, "gpuCount": 1, "version": "1.0", "platform": "linux"}}""";

    TestServer api;
    final Set<String> replayed = new LinkedHashSet<>();

    @BeforeEach
    void start() throws Exception {
        api = new TestServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everySeedRouteAnswersThroughItsV1Route() throws Exception {
        JsonNode session = json(ok(201, "POST", "/workers/register", "/workers/register", WORKER, REGISTRATION));
        String secret = session.path("session_secret").asString();
        JsonNode worker = json(ok(200, "GET", "/workers/{id}/status", "/workers/seed-w1/status", CLIENT, null));
        assertThat(worker.path("cores").asInt()).isEqualTo(8);
        assertThat(worker.path("memory_mb").asLong()).isEqualTo(16 * 1024);
        assertThat(worker.path("gpus").asInt()).isEqualTo(1);
        assertThat(worker.path("max_concurrency").asInt()).isEqualTo(3);
        assertThat(worker.path("capabilities").toString()).isEqualTo("[\"cpu\",\"gpu\"]");
        String incarnation = session.path("incarnation").asString(); // chosen for it: the seed has none
        assertThat(json(ok(200, "GET", "/workers/list", "/workers/list", CLIENT, null)).path("workers").get(0)
                .path("id").asString()).isEqualTo("seed-w1");
        ok(200, "POST", "/workers/{id}/heartbeat", "/workers/seed-w1/heartbeat", WORKER, "{\"currentLoad\": 1, "
                + "\"incarnation\": \"" + incarnation + "\", \"sessionSecret\": \"" + secret + "\"}");

        assertThat(json(ok(200, "POST", "/queue/pause", "/queue/pause", ADMIN, null)).path("dispatch_paused")
                .asBoolean()).isTrue();
        assertThat(json(ok(200, "POST", "/queue/resume", "/queue/resume", ADMIN, null)).path("dispatch_paused")
                .asBoolean()).isFalse();
        String job = json(api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"requires\": "
                + "{\"capabilities\": [\"tpu\"]}}")).path("ids").get(0).asString();
        assertThat(json(ok(200, "GET", "/queue/stats", "/queue/stats", CLIENT, null)).path("waiting").asLong())
                .isEqualTo(1);
        assertThat(json(ok(200, "GET", "/queue/jobs", "/queue/jobs?status=waiting", CLIENT, null)).path("jobs")
                .get(0).path("id").asString()).isEqualTo(job);
        assertThat(json(ok(200, "POST", "/queue/jobs/{id}/cancel", "/queue/jobs/" + job + "/cancel", CLIENT, "{}"))
                .path("status").asString()).isEqualTo("cancelled");

        api.call("POST", "/v1/pipelines", CLIENT, "{\"id\": \"seed-flow\", \"stages\": [{\"id\": \"a\", "
                + "\"type\": \"noop\", \"requires\": {\"capabilities\": [\"tpu\"]}}]}");
        JsonNode started = json(ok(201, "POST", "/execute/distributed", "/execute/distributed", CLIENT,
                "{\"workflowId\": \"seed-flow\", \"inputs\": {}, \"requestId\": \"seed-req-1\"}"));
        String x = started.path("execution_id").asString();
        assertThat(started.path("pipeline_id").asString()).isEqualTo("seed-flow");
        assertThat(json(ok(200, "GET", "/execute/{id}/status", "/execute/" + x + "/status", CLIENT, null))
                .path("status").asString()).isEqualTo("running");
        assertThat(json(ok(200, "POST", "/execute/{id}/pause", "/execute/" + x + "/pause", CLIENT, null))
                .path("status").asString()).isEqualTo("paused");
        assertThat(json(ok(200, "POST", "/execute/{id}/resume", "/execute/" + x + "/resume", CLIENT, null))
                .path("status").asString()).isEqualTo("running");

        assertThat(json(ok(200, "GET", "/health/workers", "/health/workers", null, null)).path("by_status").isObject())
                .isTrue();
        assertThat(json(ok(200, "GET", "/health/queue", "/health/queue", null, null)).has("waiting")).isTrue();
        assertThat(json(ok(200, "GET", "/health/state", "/health/state", null, null)).path("status").asString())
                .isEqualTo("ready");
        var gone = api.call("DELETE", "/workers/seed-w1", WORKER, null, Map.of("X-Meridian-Worker-Secret", secret));
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(204);
        replayed.add("DELETE /workers/{id}");
        assertThat(api.coordinator.workers()).noneMatch(w -> w.id().equals("seed-w1") && w.status().isHealthy());

        assertThat(replayed).containsExactlyInAnyOrderElementsOf(SEED_ROUTES);
        assertThat(api.server.routes().stream().map(r -> r.method() + " " + r.template()).toList())
                .containsAll(SEED_ROUTES);
    }

    @Test
    void theSeedRoutesKeepTheirV1ScopesAndRefuseUnknownFields() throws Exception {
        assertThat(api.call("POST", "/queue/pause", CLIENT, null).statusCode()).as("admin, as /v1/queue/pause")
                .isEqualTo(403);
        assertThat(api.call("POST", "/workers/register", CLIENT, REGISTRATION).statusCode()).isEqualTo(403);
        assertThat(api.call("GET", "/workers/list", null, null).statusCode()).isEqualTo(401);
        var snake = api.call("POST", "/workers/register", WORKER, "{\"worker_id\": \"w\"}");
        assertThat(snake.statusCode()).isEqualTo(400);
        assertThat(code(snake)).isEqualTo("unknown_field");
        assertThat(message(snake)).contains("'worker_id'", "did you mean 'workerId'?");
        var typo = api.call("POST", "/execute/distributed", CLIENT, "{\"workflowId\": \"p\", \"input\": {}}");
        assertThat(message(typo)).contains("'input'", "did you mean 'inputs'?");
    }

    /** Calls a seed route and checks the status; records which of the 17 routes this was. */
    private HttpResponse<String> ok(int status, String method, String template, String path, String token,
                                    String body) throws Exception {
        HttpResponse<String> r = api.call(method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        replayed.add(method + " " + template);
        return r;
    }
}
