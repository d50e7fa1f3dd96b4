package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.memory.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The HTTP API against a real server on 127.0.0.1, with the JDK HTTP client. */
class ServerApiTest {
    @TempDir
    Path dir;
    Coordinator coordinator;
    CoordinatorServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT, SystemClock.INSTANCE,
                Duration.ofMillis(50));
        Tokens tokens = new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN))
                .addToken("client-secret", "client", EnumSet.of(Scope.CLIENT))
                .addToken("worker-secret", "worker", EnumSet.of(Scope.WORKER))
                .addToken("slow-secret", "slow", EnumSet.of(Scope.CLIENT));
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64, null, null);
        server = CoordinatorServer.start(settings, coordinator, tokens, Set.of("noop"));
    }

    @AfterEach
    void stop() {
        server.close();
        coordinator.close();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(HttpResponse<String> r) {
        return Json.parse(r.body()).path("error").path("code").asString();
    }

    @Test
    void tokensAndScopesAreEnforced() throws Exception {
        assertThat(call("GET", "/v1/queue/stats", null, null).statusCode()).isEqualTo(401);
        var unknown = call("GET", "/v1/queue/stats", "nope", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(code(unknown)).isEqualTo("unauthorized");
        var wrongScope = call("POST", "/v1/queue/drain", "client-secret", "{}");
        assertThat(wrongScope.statusCode()).isEqualTo(403);
        assertThat(wrongScope.body()).contains("admin");
        assertThat(call("POST", "/v1/workers", "client-secret", "{}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/queue/stats", "client-secret", null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/queue/drain", "admin-secret", "{}").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/openapi.json", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void perTokenRateLimitAnswers429WithRetryAfter() throws Exception {
        server.close();
        Tokens tokens = new Tokens().addToken("t", "t", EnumSet.of(Scope.CLIENT));
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 1024, 5, 64, null, null), coordinator,
                tokens, Set.of("noop"));
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 20; i++) {
            var r = call("GET", "/v1/queue/stats", "t", null);
            if (r.statusCode() == 429) {
                limited++;
                retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                assertThat(code(r)).isEqualTo("rate_limited");
            }
        }
        assertThat(limited).isGreaterThan(0);
        assertThat(retryAfter).isEqualTo("1");
    }

    @Test
    void oversizeBodiesAre413() throws Exception {
        var r = call("POST", "/v1/queue/jobs", "client-secret", "{\"type\":\"noop\",\"payload\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(code(r)).isEqualTo("payload_too_large");
    }

    @Test
    void chunkedBodiesAreCappedToo() throws Exception {
        // A body streamed without Content-Length cannot be refused up front; it is read up to the limit.
        byte[] oversize = ("{\"type\":\"noop\",\"payload\":\"" + "x".repeat(70_000) + "\"}").getBytes();
        byte[] fine = "{\"type\":\"noop\"}".getBytes();
        assertThat(chunked(oversize).statusCode()).isEqualTo(413);
        var accepted = chunked(fine);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    }

    private HttpResponse<String> chunked(byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/queue/jobs"))
                .header("Authorization", "Bearer client-secret").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        var malformed = call("POST", "/v1/workers", "worker-secret", "{\"worker_id\": \"w\",\n \"incarnation\": }");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(code(malformed)).isEqualTo("bad_request");
        assertThat(malformed.body()).contains("line 2");
        var unknownField = call("POST", "/v1/workers", "worker-secret", "{\"worker_id\": \"w\", \"incarnaton\": \"x\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(code(unknownField)).isEqualTo("unknown_field");
        assertThat(unknownField.body()).contains("incarnaton");
        var wrongType = call("POST", "/v1/workers", "worker-secret", "{\"worker_id\": \"w\", \"cores\": \"many\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(code(wrongType)).isEqualTo("invalid_type");
        var badPriority = call("POST", "/v1/queue/jobs", "client-secret", "{\"type\": \"noop\", \"priority\": 11}");
        assertThat(badPriority.statusCode()).isEqualTo(400);
        assertThat(badPriority.body()).contains("priority must be an integer 1–10");
        assertThat(call("GET", "/v1/nothing", "client-secret", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aWorkerTakesAJobOverHttpAndAStaleResultIs409() throws Exception {
        String id = Json.parse(call("POST", "/v1/queue/jobs", "client-secret", "{\"type\": \"noop\"}").body())
                .path("ids").get(0).asString();
        var reg = call("POST", "/v1/workers", "worker-secret", """
                {"worker_id": "w1", "incarnation": "i1", "host": "h", "pid": 1, "capabilities": ["cpu"], "cores": 2,
                 "memory_mb": 1024, "gpus": 0, "max_concurrency": 4, "region": null, "cost_per_hour": 0,
                 "labels": {}, "version": "t"}""");
        assertThat(reg.statusCode()).isEqualTo(201);
        String secret = Json.parse(reg.body()).path("session_secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        JsonNode grant = Json.parse(call("POST", "/v1/workers/w1/exchange", "worker-secret", """
                {"worker_id": "w1", "incarnation": "i1", "reports": [], "held": [], "want_jobs": 1,
                 "wait_millis": 0, "active_jobs": 0, "session_secret": "%s"}""".formatted(secret)).body())
                .path("grants").get(0);
        assertThat(grant.path("lease").path("job_id").asString()).isEqualTo(id);
        String complete = "/v1/leases/" + id + "/1/complete";
        String body = "{\"worker_id\": \"w1\", \"incarnation\": \"i1\", \"session_secret\": \"" + secret
                + "\", \"output\": {\"ok\": 1}}";
        assertThat(call("POST", complete, "worker-secret", body).statusCode()).isEqualTo(200);
        var again = call("POST", complete, "worker-secret", body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(code(again)).isEqualTo("stale_lease");
        JsonNode job = Json.parse(call("GET", "/v1/queue/jobs/" + id, "client-secret", null).body());
        assertThat(job.path("status").asString()).isEqualTo("succeeded");
        assertThat(job.path("result").path("ok").asInt()).isEqualTo(1);
        var other = call("POST", complete.replace("/1/", "/2/"), "worker-secret",
                "{\"worker_id\": \"w1\", \"incarnation\": \"forged\", \"output\": {}}");
        assertThat(other.statusCode()).isEqualTo(409);
    }

    @Test
    void executionsStartFromFileTextAndARequestIdReturnsTheSameExecution() throws Exception {
        String body = Json.write(Map.of("pipeline_text", "id: p\nstages:\n  - id: a\n    type: noop\n",
                "pipeline_file", "p.yaml", "request_id", "req-7"));
        var first = call("POST", "/v1/executions", "client-secret", body);
        assertThat(first.statusCode()).isEqualTo(201);
        var again = call("POST", "/v1/executions", "client-secret", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.parse(again.body()).path("execution_id")).isEqualTo(Json.parse(first.body()).path("execution_id"));
        assertThat(Json.parse(first.body()).path("stages").path("a").path("status").asString()).isEqualTo("running");
    }

    @Test
    void anInvalidPipelineIsRefusedWithPositions() throws Exception {
        String body = Json.write(Map.of("pipeline_text", "id: p\nstages:\n  - id: a\n    type: nope\n",
                "pipeline_file", "p.yaml"));
        var r = call("POST", "/v1/executions", "client-secret", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("validation_failed");
        JsonNode error = Json.parse(r.body()).path("error").path("details").get(0);
        assertThat(error.path("line").asInt()).isEqualTo(4);
        assertThat(error.path("message").asString()).contains("nope");
    }

    @Test
    void pipelinesRegisterByVersionAndConflictsAre409() throws Exception {
        String v1 = "{\"id\": \"p\", \"version\": 1, \"stages\": [{\"id\": \"a\", \"type\": \"noop\"}]}";
        assertThat(call("POST", "/v1/pipelines", "client-secret", v1).statusCode()).isEqualTo(201);
        assertThat(call("POST", "/v1/pipelines", "client-secret", v1).statusCode()).isEqualTo(200);
        String changed = v1.replace("\"a\"", "\"b\"");
        assertThat(call("POST", "/v1/pipelines", "client-secret", changed).statusCode()).isEqualTo(409);
        assertThat(Json.parse(call("GET", "/v1/pipelines/p/versions/1", "client-secret", null).body())
                .path("stages").get(0).path("id").asString()).isEqualTo("a");
        var started = call("POST", "/v1/executions", "client-secret", "{\"pipeline_id\": \"p\"}");
        assertThat(started.statusCode()).isEqualTo(201);
        // Registrations are stored: a new server over the same store still knows the pipeline.
        server.close();
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64, null, null),
                coordinator, new Tokens().addToken("client-secret", "client", EnumSet.of(Scope.CLIENT)), Set.of("noop"));
        assertThat(call("GET", "/v1/pipelines/p", "client-secret", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAndOpenApiCoverTheApi() throws Exception {
        call("GET", "/health/ready", null, null);
        // a request is counted when Jetty has finished writing its answer, which can be just after the client read it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(call("GET", "/metrics", null, null).body()).contains("meridian_queue_depth",
                        "meridian_workers", "meridian_jobs_total", "meridian_http_server_requests"));
        JsonNode paths = Json.parse(call("GET", "/v1/openapi.json", null, null).body()).path("paths");
        for (var route : server.routes()) {
            assertThat(paths.has(route.template())).as("OpenAPI documents " + route.template()).isTrue();
            assertThat(paths.path(route.template()).has(route.method().toLowerCase()))
                    .as("OpenAPI documents " + route.method() + " " + route.template()).isTrue();
        }
    }

    @Test
    void withoutConfiguredTokensAnAdminTokenIsGeneratedReadableOnlyByItsOwner() throws Exception {
        var store = new io.meridian.store.memory.InMemoryStore();
        Tokens tokens = Tokens.load(List.of(), Map.of(), dir, store.tokens());
        Path file = tokens.generatedTokenFile().orElseThrow();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(tokens.authenticate(Files.readString(file).strip()).orElseThrow().allows(Scope.ADMIN)).isTrue();
        assertThat(Tokens.load(List.of(), Map.of(), dir, store.tokens()).authenticate(Files.readString(file).strip())).isPresent();
    }
}
