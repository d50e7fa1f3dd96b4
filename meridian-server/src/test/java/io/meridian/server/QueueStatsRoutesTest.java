package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
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

/** Queue stats and clean over HTTP, on a clock the test moves: finished counts follow what a clean deleted. */
class QueueStatsRoutesTest {
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(), EngineSettings.DEFAULT, clock);
    final HttpClient http = HttpClient.newHttpClient();
    CoordinatorServer server;

    @BeforeEach
    void start() throws Exception {
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64, null, null),
                coordinator, new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN)), Set.of("noop"));
    }

    @AfterEach
    void stop() {
        server.close();
        coordinator.close();
    }

    JsonNode call(String method, String path, String body) throws Exception {
        var content = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer admin-secret").header("Content-Type", "application/json")
                .method(method, content).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return Json.parse(r.body());
    }

    @Test
    void cleanAnswersHowManyJobsWentAndTheStatsFollow() throws Exception {
        call("POST", "/v1/queue/jobs", "{\"jobs\": [{\"type\": \"noop\"}, {\"type\": \"noop\"}, "
                + "{\"type\": \"noop\"}]}");
        assertThat(call("POST", "/v1/queue/drain", "{}").path("cancelled").asInt()).isEqualTo(3);
        assertThat(call("GET", "/v1/queue/stats", null).path("cancelled").asLong()).isEqualTo(3);
        assertThat(call("GET", "/health/queue", null).path("cancelled").asLong()).isEqualTo(3);
        clock.advance(Duration.ofHours(2));
        call("POST", "/v1/queue/jobs", "{\"type\": \"noop\"}");

        JsonNode cleaned = call("POST", "/v1/queue/clean",
                "{\"states\": [\"cancelled\", \"waiting\"], \"older_than_seconds\": 3600}");

        assertThat(cleaned.path("deleted").asLong()).as("finished jobs only").isEqualTo(3);
        JsonNode stats = call("GET", "/v1/queue/stats", null);
        assertThat(stats.path("cancelled").asLong()).isZero();
        assertThat(stats.path("waiting").asLong()).isEqualTo(1);
        assertThat(call("GET", "/health/queue", null).path("cancelled").asLong()).isZero();
    }
}
