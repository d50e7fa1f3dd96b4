package io.meridian.server.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.DecisionLog;
import io.meridian.elastic.policy.ScalingSettings;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.JobSpec;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every scaling decision is an event in the coordinator's durable log, read back through {@code GET /v1/events}
 * with a type filter: a scale-up with its inputs, a worker that never registered, a provider that failed.
 */
class ScalingEventsTest {
    final Coordinator coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT,
            SystemClock.INSTANCE, Duration.ofMillis(50));
    final HttpClient http = HttpClient.newHttpClient();
    CoordinatorServer server;
    PoolsRunner runner;

    /** Starts workers that never register; refuses pools named "broken" as a provider would. */
    final Provisioner silent = new Provisioner() {
        final List<ProvisionedWorker> started = new ArrayList<>();

        @Override
        public Provider provider() {
            return Provider.LOCAL;
        }

        @Override
        public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
            if (pool.name().equals("broken")) {
                throw new ProvisionException("quota exceeded");
            }
            List<ProvisionedWorker> now = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                now.add(new ProvisionedWorker(pool.name() + "-" + started.size(), pool.name(), Instant.now(), 0,
                        false));
                started.add(now.getLast());
            }
            return now;
        }

        @Override
        public synchronized void stop(String workerId) {
            started.removeIf(w -> w.workerId().equals(workerId));
        }

        @Override
        public synchronized List<ProvisionedWorker> running(String pool) {
            return started.stream().filter(w -> w.pool().equals(pool)).toList();
        }

        @Override
        public synchronized void close() {
            started.clear();
        }
    };

    @AfterEach
    void stop() {
        runner.close();
        server.close();
        coordinator.close();
    }

    void start(PoolSpec... pools) throws Exception {
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64, null, null),
                coordinator, new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN)), Set.of("noop"));
        DecisionLog log = new DecisionLog(50);
        ScalingEvents events = new ScalingEvents(() -> Optional.of(coordinator));
        Autoscaler scaler = new Autoscaler(List.of(pools), Map.of(Provider.LOCAL, silent), ScalingSettings.DEFAULT,
                InstantSource.system(), d -> {
                    log.decided(d);
                    events.decided(d);
                });
        runner = PoolsRunner.start(scaler, log, () -> Optional.of(coordinator), Duration.ofMillis(50));
        server.pools(runner);
    }

    static PoolSpec pool(String name, String capability, double cost, int startupSeconds) {
        return new PoolSpec(name, Provider.LOCAL, null, null, List.of(capability), Map.of(), null, 0, 6, cost, false,
                startupSeconds, 4, Duration.ofSeconds(60), null);
    }

    void submit(int n, String capability) {
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(new JobSpec("noop", Json.object(), 5, new Requirements(List.of(capability), 0, 0, 0),
                    RetryPolicy.DEFAULT, 60, null, null, -1));
        }
        coordinator.submitAll(jobs);
    }

    JsonNode events(String type) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v1/events?type=" + type)).header("Authorization", "Bearer admin-secret").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).path("events");
    }

    @Test
    void aScaleUpIsAnEventWithItsReasonAndInputs() throws Exception {
        start(pool("burst", "burst", 0.25, 600));
        submit(10, "burst");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events("pool.scaled_up").isEmpty());
        JsonNode up = events("io.meridian.pool.scaled_up").get(0);
        assertThat(up.path("type").asString()).isEqualTo("io.meridian.pool.scaled_up");
        assertThat(up.path("subject").asString()).isEqualTo("burst");
        JsonNode data = up.path("data");
        assertThat(data.path("pool").asString()).isEqualTo("burst");
        assertThat(data.path("current").asInt()).isZero();
        assertThat(data.path("desired").asInt()).isEqualTo(4);
        assertThat(data.path("changed").asInt()).isEqualTo(4);
        assertThat(data.path("waiting").asLong()).isEqualTo(10);
        assertThat(data.path("running").asLong()).isZero();
        assertThat(data.has("forecast_per_second")).isTrue();
        assertThat(data.path("cost_per_hour").asDouble()).isEqualTo(0.25);
        assertThat(data.path("desired_cost_per_hour").asDouble()).isEqualTo(1.0);
        assertThat(data.path("reason").asString()).contains("10 waiting and 0 running jobs need 4 workers");
    }

    @Test
    void aWorkerThatNeverRegistersAndAFailingProviderAreEvents() throws Exception {
        start(pool("slow", "slow", 0.1, 1), pool("broken", "gpu", 0.1, 60));
        submit(2, "slow");
        submit(2, "gpu");
        await().atMost(Duration.ofSeconds(15)).until(() -> !events("pool.worker_failed_to_start").isEmpty()
                && !events("pool.breaker_opened").isEmpty());
        JsonNode timedOut = events("pool.worker_failed_to_start").get(0).path("data");
        assertThat(timedOut.path("pool").asString()).isEqualTo("slow");
        assertThat(timedOut.path("worker").asString()).startsWith("slow-");
        assertThat(timedOut.path("startup_seconds").asInt()).isEqualTo(1);
        assertThat(timedOut.path("reason").asString()).contains("did not register within 1 s; terminated");
        JsonNode breaker = events("pool.breaker_opened").get(0).path("data");
        assertThat(breaker.path("pool").asString()).isEqualTo("broken");
        assertThat(breaker.path("error").asString()).isEqualTo("quota exceeded");
        assertThat(breaker.path("desired").asInt()).isEqualTo(1);
        assertThat(breaker.has("breaker_open_until")).isTrue();
    }
}
