package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.PipelineBuilder;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.memory.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /v1/schedules against a real server: create, fire, list, pause, resume, delete, and what bad input gets. */
class ScheduleApiTest {
    final InMemoryStore store = new InMemoryStore();
    Coordinator coordinator;
    CoordinatorServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE, Duration.ofMillis(50));
        coordinator.registerPipeline(PipelineBuilder.pipeline("ping").stage("a", "noop").buildUnchecked());
        Tokens tokens = new Tokens().addToken("client-secret", "client", EnumSet.of(Scope.CLIENT))
                .addToken("worker-secret", "worker", EnumSet.of(Scope.WORKER));
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64, null, null),
                coordinator, tokens, Set.of("noop"));
    }

    @AfterEach
    void stop() {
        server.close();
        coordinator.close();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> client(String method, String path, String body) throws Exception {
        return call(method, path, "client-secret", body);
    }

    @Test
    void aScheduleEverySecondFiresAndCanBePausedResumedAndDeleted() throws Exception {
        var created = client("POST", "/v1/schedules", """
                {"id": "tick", "pipeline": "ping", "every": "1s", "inputs": {"n": 1}, "overlap": "allow",
                 "missed_fire": "catch_up", "catch_up_limit": 3}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode doc = Json.parse(created.body());
        assertThat(doc.path("every").asString()).isEqualTo("1s");
        assertThat(doc.path("missed_fire").asString()).isEqualTo("catch_up");
        assertThat(doc.has("next_slot")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> store.executions(100).size() >= 2);
        JsonNode listed = Json.parse(client("GET", "/v1/schedules", null).body()).path("items").get(0);
        assertThat(listed.path("last_execution_id").asString()).startsWith("x");

        assertThat(Json.parse(client("POST", "/v1/schedules/tick/pause", null).body()).path("paused").asBoolean())
                .isTrue();
        int atPause = store.executions(100).size();
        assertThat(Json.parse(client("POST", "/v1/schedules/tick/resume", null).body()).path("paused").asBoolean())
                .isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.executions(100).size() > atPause);

        assertThat(client("DELETE", "/v1/schedules/tick", null).statusCode()).isEqualTo(204);
        assertThat(client("GET", "/v1/schedules/tick", null).statusCode()).isEqualTo(404);
        assertThat(client("DELETE", "/v1/schedules/tick", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsAnsweredWithWhatIsWrong() throws Exception {
        var cron = client("POST", "/v1/schedules", """
                {"id": "c", "pipeline": "ping", "cron": "0 9 * 13 *"}""");
        assertThat(cron.statusCode()).isEqualTo(400);
        assertThat(cron.body()).contains("cron field 4 (month) '13'");
        var policy = client("POST", "/v1/schedules", """
                {"id": "c", "pipeline": "ping", "every": "5m", "overlap": "sometimes"}""");
        assertThat(policy.statusCode()).isEqualTo(400);
        assertThat(policy.body()).contains("overlap: unknown policy 'sometimes'", "cancel_previous");
        var unknownField = client("POST", "/v1/schedules", """
                {"id": "c", "pipeline": "ping", "every": "5m", "timezone": "UTC"}""");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        var pipeline = client("POST", "/v1/schedules", """
                {"id": "c", "pipeline": "nope", "every": "5m"}""");
        assertThat(pipeline.statusCode()).isEqualTo(400);
        assertThat(pipeline.body()).contains("pipeline 'nope'");
        assertThat(client("POST", "/v1/schedules", """
                {"id": "c", "pipeline": "ping", "every": "5m"}""").statusCode()).isEqualTo(201);
        assertThat(client("POST", "/v1/schedules", """
                {"id": "c", "pipeline": "ping", "every": "5m"}""").statusCode()).isEqualTo(409);
        assertThat(call("GET", "/v1/schedules", "worker-secret", null).statusCode()).isEqualTo(403);
    }
}
