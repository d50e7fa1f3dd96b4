package io.meridian.server.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.DecisionLog;
import io.meridian.elastic.policy.ScalingSettings;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.memory.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The autoscaler reading a real coordinator's queue, on the leader only, and its state at GET /v1/pools. */
class PoolRoutesTest {
    final Coordinator coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT,
            SystemClock.INSTANCE, Duration.ofMillis(50));
    final HttpClient http = HttpClient.newHttpClient();
    final List<ProvisionedWorker> started = new ArrayList<>();
    final AtomicReference<Coordinator> leading = new AtomicReference<>();
    CoordinatorServer server;
    PoolsRunner runner;

    /** Records what it is asked to start; nothing registers, so the pool stays "starting". */
    final Provisioner recording = new Provisioner() {
        @Override
        public Provider provider() {
            return Provider.LOCAL;
        }

        @Override
        public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) {
            for (int i = 0; i < count; i++) {
                started.add(new ProvisionedWorker(pool.name() + "-" + started.size(), pool.name(), Instant.now(), 0,
                        false));
            }
            return List.copyOf(started.subList(started.size() - count, started.size()));
        }

        @Override
        public void stop(String workerId) {
            started.removeIf(w -> w.workerId().equals(workerId));
        }

        @Override
        public synchronized List<ProvisionedWorker> running(String pool) {
            return started.stream().filter(w -> w.pool().equals(pool)).toList();
        }

        @Override
        public void close() {
            started.clear();
        }
    };

    @AfterEach
    void stop() {
        runner.close();
        server.close();
        coordinator.close();
    }

    void start() throws Exception {
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64, null, null),
                coordinator, new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN)), Set.of("noop"));
        PoolSpec burst = new PoolSpec("burst", Provider.LOCAL, null, null, List.of("burst"), Map.of(), null, 0, 6,
                0.1, false, 600, 4, Duration.ofSeconds(60), null);
        DecisionLog log = new DecisionLog(50);
        Autoscaler scaler = new Autoscaler(List.of(burst), Map.of(Provider.LOCAL, recording),
                ScalingSettings.DEFAULT, InstantSource.system(), log);
        runner = PoolsRunner.start(scaler, log, () -> Optional.ofNullable(leading.get()), Duration.ofMillis(50));
        server.pools(runner);
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("Authorization", "Bearer admin-secret").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void growsAPoolFromTheQueueOnlyWhileLeadingAndShowsWhy() throws Exception {
        start();
        List<io.meridian.store.JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(new io.meridian.store.JobSpec("noop", Json.object(), 5,
                    new io.meridian.model.pipeline.Requirements(List.of("burst"), 0, 0, 0),
                    io.meridian.model.pipeline.RetryPolicy.DEFAULT, 60, null, null, -1));
        }
        coordinator.submitAll(jobs);
        JsonNode before = get("/v1/pools");
        assertThat(before.path("pools").get(0).path("current").asInt()).isZero();
        assertThat(started).isEmpty(); // following: nothing is decided

        leading.set(coordinator);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        JsonNode pools = get("/v1/pools");
        JsonNode pool = pools.path("pools").get(0);
        assertThat(pool.path("name").asString()).isEqualTo("burst");
        assertThat(pool.path("node_type").asString()).isEqualTo("local");
        assertThat(pool.path("desired").asInt()).isEqualTo(4);
        JsonNode up = pools.path("decisions").get(0);
        assertThat(up.path("action").asString()).isEqualTo("scale_up");
        assertThat(up.path("reason").asString()).contains("10 waiting and 0 running jobs need 4 workers of 4 slots filled to 80%");
        assertThat(up.path("inputs").path("waiting").asLong()).isEqualTo(10);
        assertThat(get("/v1/pools?pool=burst&limit=1").path("decisions")).hasSize(1);
    }

    @Test
    void refusesABadLimitAndAnUnknownPool() throws Exception {
        start();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/v1/pools?limit=0")).header("Authorization", "Bearer admin-secret").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit must be a whole number from 1 to 500");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/v1/pools?pool=nope")).header("Authorization", "Bearer admin-secret").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
