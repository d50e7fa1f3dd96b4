package io.meridian.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.model.json.Json;
import io.meridian.server.ServerSettings;
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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Two coordinator nodes sharing one store in this JVM: one leads, the other redirects to it and takes over. */
class CoordinatorNodeTest {
    static final LeadershipSettings FAST = new LeadershipSettings(Duration.ofMillis(900), Duration.ofMillis(100),
            Duration.ofMillis(200));
    final InMemoryStore store = new InMemoryStore();
    final Tokens tokens = new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN));
    CoordinatorNode a;
    CoordinatorNode b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    CoordinatorNode node(String id) throws Exception {
        return CoordinatorNode.start(store, EngineSettings.DEFAULT, FAST,
                new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64, null, null), tokens, Set.of("noop"), id, null);
    }

    static String url(CoordinatorNode n) {
        return "http://127.0.0.1:" + n.port();
    }

    @Test
    void aFollowerRedirectsToTheLeaderAndTakesOverWhenItStops() throws Exception {
        a = node("a");
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        b = node("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.leaderInfo().isPresent());
        assertThat(b.isLeader()).isFalse();

        // A raw call to the follower: 307 to the same path on the leader, method and body kept by the client.
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url(b) + "/v1/queue/stats")).header("Authorization", "Bearer admin-secret").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(307);
        assertThat(raw.headers().firstValue("Location")).contains(url(a) + "/v1/queue/stats");
        assertThat(Json.parse(raw.body()).path("error").path("code").asString()).isEqualTo("not_leader");

        // A client that knows only the follower is sent on to the leader.
        MeridianClient viaFollower = new MeridianClient(CoordinatorAddresses.parse(url(b)), "admin-secret");
        ObjectNode job = Json.object();
        job.putArray("jobs").addObject().put("type", "noop");
        String id = viaFollower.post("/v1/queue/jobs", job).path("ids").get(0).asString();
        assertThat(a.coordinator().orElseThrow().job(id)).isPresent();
        String cancelled = viaFollower.post("/v1/queue/jobs", job).path("ids").get(0).asString();
        viaFollower.post("/v1/queue/jobs/" + cancelled + "/cancel", Json.object());

        // The leader stops (resigning): the follower leads within a retry, with the job reloaded from the store and
        // the counts of finished jobs read from it.
        long stoppedAt = System.nanoTime();
        a.close();
        a = null;
        await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        System.out.printf("handover after a clean stop: %d ms%n", (System.nanoTime() - stoppedAt) / 1_000_000);
        assertThat(b.coordinator().orElseThrow().job(id)).isPresent();
        MeridianClient direct = new MeridianClient(CoordinatorAddresses.parse(url(b)), "admin-secret");
        assertThat(direct.queueStats().waiting()).isEqualTo(1);
        assertThat(direct.queueStats().cancelled()).isEqualTo(1);
    }

    @Test
    void whileNoLeaderIsKnownAFollowerAnswers503NotLeaderAndStillServesHealthAndReads() throws Exception {
        try (var follower = io.meridian.server.CoordinatorServer.follower(
                new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64, null, null), tokens, Set.of("noop"), store,
                java.util.Optional::empty)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + follower.port();
            HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/queue/jobs"))
                    .header("Authorization", "Bearer admin-secret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jobs\": []}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.headers().firstValue("Retry-After")).contains("1");
            assertThat(Json.parse(write.body()).path("error").path("code").asString()).isEqualTo("not_leader");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health/state")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Json.parse(health.body()).path("role").asString()).isEqualTo("follower");
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/executions/x-missing"))
                    .header("Authorization", "Bearer admin-secret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as("reads are answered from the store, not redirected").isEqualTo(404);
        }
    }
}
