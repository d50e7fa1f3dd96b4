package io.meridian.it;

import static io.meridian.it.PostgresCoordinators.events;
import static io.meridian.it.PostgresCoordinators.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code lock.expired} across a kill -9 of the leader: two coordinator processes on one PostgreSQL. A lock with a
 * short lease is taken through the leader, which is killed before the lease runs out. The other coordinator takes
 * over and tells the lock's expiry once, though the lock was not taken through it: the store keeps a lapsed lock
 * until its {@code lock.expired} is committed with its settling.
 */
class LockExpiryFailoverIT {
    static final String TOKEN = PostgresCoordinators.TOKEN;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    PostgresCoordinators cluster;
    List<ProcessHarness.Server> servers;

    @BeforeEach
    void start() throws Exception {
        cluster = PostgresCoordinators.start(dir, 2, "");
        servers = cluster.servers;
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aLockTakenThroughAKilledLeaderIsToldExpiredOnceByTheNext() throws Exception {
        ProcessHarness.Server first = servers.get(0);
        JsonNode lapsing = acquire(first, "reports/daily", 3000);
        first.process().kill9();
        Instant killed = Instant.now();

        ProcessHarness.Server next = servers.get(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> role(next).equals("leader"));
        // a new leader answers 503 leader_starting while it reloads: asked again until it serves
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> !expired(next, lapsing.path("lock_id").asString()).isEmpty());
        // a lock that lapses later is told too: the sweeps that told the first one went on, and told it only once
        JsonNode later = acquire(next, "reports/weekly", 100);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> !expired(next, later.path("lock_id").asString()).isEmpty());

        List<JsonNode> expired = events(next, "&type=lock.expired");
        assertThat(expired).extracting(e -> e.path("data").path("lock_id").asString())
                .containsExactly(lapsing.path("lock_id").asString(), later.path("lock_id").asString());
        JsonNode told = expired.getFirst();
        assertThat(told.path("subject").asString()).isEqualTo("reports/daily");
        assertThat(told.path("data").path("owner").asString()).isEqualTo("nightly");
        assertThat(Instant.parse(told.path("data").path("expires_at").asString()))
                .isEqualTo(Instant.parse(lapsing.path("expires_at").asString()));
        List<JsonNode> acquired = events(next, "&type=lock.acquired");
        assertThat(acquired).as("each acquisition told once, before its expiry").hasSize(2);
        assertThat(acquired.getFirst().path("sequence").asLong()).isLessThan(told.path("sequence").asLong());
        // the killed leader's lease had not run out: the new leader told it (its term's duties may run before its
        // leader.elected commits, so the order of those two says nothing)
        assertThat(Instant.parse(told.path("time").asString())).as("told after the kill").isAfter(killed)
                .isAfterOrEqualTo(Instant.parse(lapsing.path("expires_at").asString()));
    }

    static JsonNode acquire(ProcessHarness.Server server, String resource, long ttlMs) throws Exception {
        String body = Json.object().put("resource", resource).put("owner", "nightly").put("ttl_ms", ttlMs).toString();
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/locks"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body());
    }

    static List<JsonNode> expired(ProcessHarness.Server server, String lockId) throws Exception {
        return events(server, "&type=lock.expired").stream()
                .filter(e -> e.path("data").path("lock_id").asString().equals(lockId)).toList();
    }
}
