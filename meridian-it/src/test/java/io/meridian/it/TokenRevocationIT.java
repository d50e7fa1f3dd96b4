package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.EngineSettings;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.model.json.Json;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Tokens;
import io.meridian.server.cluster.CoordinatorNode;
import io.meridian.store.postgres.PostgresStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators on one PostgreSQL store share their tokens: one made through either is accepted by both, and
 * a revocation through one is refused by the other within a second, even where that one had just accepted it.
 */
class TokenRevocationIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    TestPostgres pg;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    CoordinatorNode coordinator(String name) throws Exception {
        PostgresStore store = PostgresStore.open(pg.location());
        open.add(store);
        Tokens tokens = Tokens.load(java.util.List.of(), Map.of(), dir.resolve(name), store.tokens());
        CoordinatorNode node = CoordinatorNode.start(store, EngineSettings.DEFAULT, LeadershipSettings.DEFAULT,
                new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64, null, null), tokens, Set.of("noop"), name, null);
        open.add(node);
        return node;
    }

    static HttpResponse<String> call(CoordinatorNode node, String method, String path, String token, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenMadeThroughOneCoordinatorWorksOnBothAndItsRevocationReachesTheOtherWithinASecond() throws Exception {
        pg = TestPostgres.requireOrSkip();
        CoordinatorNode a = coordinator("a");
        CoordinatorNode b = coordinator("b");
        String admin = Files.readString(dir.resolve("a").resolve("admin.token")).strip();
        assertThat(dir.resolve("b").resolve("admin.token")).doesNotExist();
        assertThat(call(b, "GET", "/v1/tokens", admin, null).statusCode()).as("b accepts a's admin token")
                .isEqualTo(200);

        var created = call(b, "POST", "/v1/tokens", admin, "{\"name\": \"ops\", \"scopes\": [\"admin\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ops = Json.parse(created.body()).path("token").asString();
        assertThat(call(a, "GET", "/v1/tokens", ops, null).statusCode()).isEqualTo(200);
        assertThat(call(b, "GET", "/v1/tokens", ops, null).statusCode()).isEqualTo(200);

        assertThat(call(b, "DELETE", "/v1/tokens/ops", admin, null).statusCode()).isEqualTo(200);
        long revokedAt = System.nanoTime();
        assertThat(call(b, "GET", "/v1/tokens", ops, null).statusCode()).as("at once where revoked").isEqualTo(401);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> call(a, "GET", "/v1/tokens", ops, null).statusCode() == 401);
        long tookMillis = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.printf("Revocation through b refused by a after %d ms%n", tookMillis);
        assertThat(call(a, "GET", "/v1/tokens", admin, null).statusCode()).as("other tokens still work")
                .isEqualTo(200);
    }
}
