package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.EngineSettings;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.cluster.CoordinatorNode;
import io.meridian.store.postgres.PostgresStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A worker token sends NUL wherever it can (worker id, request id, results, error texts) to a coordinator leading
 * on PostgreSQL, whose text columns cannot hold NUL. Before the edge checks, one such worker id failed a commit
 * batch (SQLState 22021), which fail-stopped the group committer and made the leader resign. Now each hostile
 * value is refused or made storable on its own: the node stays leader and other clients' writes all land.
 */
class PoisonInputPostgresIT {
    static final String NUL = "\u0000";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    TestPostgres pg;
    PostgresStore store;
    CoordinatorNode node;
    String base;

    @BeforeEach
    void start() throws Exception {
        pg = TestPostgres.requireOrSkip();
        store = PostgresStore.open(pg.location());
        Tokens tokens = new Tokens().addToken("client", "client", EnumSet.of(Scope.CLIENT))
                .addToken("worker", "worker", EnumSet.of(Scope.WORKER));
        node = CoordinatorNode.start(store, EngineSettings.DEFAULT, LeadershipSettings.DEFAULT,
                new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64, null, null), tokens, Set.of("noop"), "node-a",
                null);
        await().atMost(Duration.ofSeconds(30)).until(node::isLeader);
        base = "http://127.0.0.1:" + node.port();
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (store != null) {
            store.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    HttpResponse<String> call(String method, String path, String token, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> registration(String id) {
        return Map.of("worker_id", id, "incarnation", "i1", "host", "h", "pid", 1, "cores", 2, "memory_mb", 1024,
                "max_concurrency", 4, "capabilities", java.util.List.of("cpu"), "version", "t");
    }

    String submit() throws Exception {
        var r = call("POST", "/v1/queue/jobs", "client", Map.of("type", "noop"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("ids").get(0).asString();
    }

    JsonNode exchange(String secret, Object reports) throws Exception {
        var r = call("POST", "/v1/workers/good/exchange", "worker", Map.of("worker_id", "good", "incarnation", "i1",
                "session_secret", secret, "want_jobs", 1, "wait_millis", 0, "active_jobs", 0, "reports", reports));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void nulInEveryWorkerFieldNeitherFailsOtherWritesNorDeposesTheLeader() throws Exception {
        var badWorker = call("POST", "/v1/workers", "worker", registration("evil" + NUL));
        assertThat(badWorker.statusCode()).isEqualTo(400);
        var badRequestId = call("POST", "/v1/executions", "client", Map.of("pipeline_text",
                "id: p\nstages:\n  - id: a\n    type: noop\n", "request_id", "r" + NUL));
        assertThat(badRequestId.statusCode()).as("400, not 503 'retry shortly'").isEqualTo(400);

        String secret = Json.parse(call("POST", "/v1/workers", "worker", registration("good")).body())
                .path("session_secret").asString();
        String poisonResult = submit();
        JsonNode grant = exchange(secret, java.util.List.of()).path("grants").get(0);
        String poisonError = submit();
        JsonNode second = exchange(secret, java.util.List.of(Map.of("kind", "succeeded", "lease", grant.path("lease"),
                "output", Map.of("text", "a" + NUL + "b")))).path("grants").get(0);
        assertThat(second.path("lease").path("job_id").asString()).isEqualTo(poisonError);
        exchange(secret, java.util.List.of(Map.of("kind", "failed", "lease", second.path("lease"),
                "failure", Map.of("type", "boom" + NUL, "message", "bad" + NUL + "\nline", "non_retryable", true))));
        String after = submit();

        assertThat(node.isLeader()).as("still leading").isTrue();
        var ready = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        try (PostgresStore reader = PostgresStore.open(pg.location())) {
            var result = reader.job(poisonResult).orElseThrow().state();
            assertThat(result.status()).isEqualTo(JobStatus.FAILED);
            assertThat(result.error()).contains("invalid_result", "NUL", "/text");
            var error = reader.job(poisonError).orElseThrow().state();
            assertThat(error.status()).isEqualTo(JobStatus.FAILED);
            assertThat(error.error()).doesNotContain(NUL).contains("bad\uFFFD\nline");
            assertThat(reader.job(after)).as("another client's later write landed").isPresent();
        }
    }
}
