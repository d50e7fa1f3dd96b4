package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A server whose local pool has min 0 and max 6 gets a burst of 2,000 jobs needing capability {@code burst}: the
 * autoscaler starts worker processes, they drain the queue, and after the (short) cooldown the pool is drained back
 * to zero processes. Prints the timeline: workers against queue depth.
 */
class PoolAutoscaleIT {
    static final int JOBS = 2_000;
    @TempDir
    Path dir;
    ProcessHarness cluster;
    ProcessHarness.Server server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> timeline = new ArrayList<>();
    long startedAt;
    int mostWorkers;

    @AfterEach
    void stop() {
        if (!timeline.isEmpty()) {
            System.out.println("Pool autoscaling timeline (seconds since the burst; pool workers registered/started; "
                    + "jobs waiting, running, done):");
            timeline.forEach(System.out::println);
        }
        if (server != null) {
            server.process().process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBurstWakesThePoolFromZeroAndItReturnsToZeroAfterTheCooldown() throws Exception {
        cluster = new ProcessHarness(dir);
        server = cluster.server("coordinator", "--pool",
                "local:name=burst,min=0,max=6,capabilities=burst,worker_slots=8,scale_down_cooldown=5s,"
                        + "startup_seconds=120"); // JVMs start slowly on a machine shared with other builds
        assertThat(pool().path("current").asInt()).isZero();
        startedAt = System.nanoTime();
        for (int batch = 0; batch < JOBS / 500; batch++) {
            StringBuilder body = new StringBuilder("{\"jobs\": [");
            for (int i = 0; i < 500; i++) {
                body.append(i == 0 ? "" : ",").append("{\"type\": \"delay\", \"config\": {\"millis\": 150}, "
                        + "\"requires\": {\"capabilities\": [\"burst\"]}}");
            }
            HttpResponse<String> r = call("POST", "/v1/queue/jobs", body.append("]}").toString());
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        }
        // About 30 s on an idle 2-core machine; the bound leaves room for one shared with other builds.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> sample().path("succeeded").asLong() == JOBS);
        long drainedMs = elapsedMs();
        assertThat(mostWorkers).as("workers started for the burst").isGreaterThan(1).isLessThanOrEqualTo(6);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    sample();
                    return pool().path("current").asInt() == 0 && pool().path("stopping").asInt() == 0;
                });
        long zeroMs = elapsedMs();
        // Every pool worker process has exited: drained through SIGTERM, none left behind.
        await().atMost(Duration.ofSeconds(20)).until(() -> server.process().process.descendants().findAny().isEmpty());
        System.out.printf("%d jobs drained in %.1f s with at most %d workers; the pool was back to 0 at %.1f s%n",
                JOBS, drainedMs / 1000.0, mostWorkers, zeroMs / 1000.0);

        CliProcess.Result table = cluster.cli(server, "pools", "--decisions", "50");
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        System.out.println(table.stdout());
        assertThat(table.stdout()).contains("burst", "scale_up", "scale_down", "0-6");
        JsonNode decisions = Json.parse(call("GET", "/v1/pools?limit=500", null).body()).path("decisions");
        assertThat(decisions.valueStream().map(d -> d.path("action").asString()))
                .contains("scale_up", "scale_down").doesNotContain("start_timeout", "provider_error");
        JsonNode workers = Json.parse(call("GET", "/v1/workers", null).body()).path("workers");
        assertThat(workers.valueStream().filter(w -> w.path("labels").path("meridian.pool").asString("")
                .equals("burst"))).isNotEmpty().allSatisfy(w -> {
                    assertThat(w.path("node_type").asString()).isEqualTo("local");
                    assertThat(w.path("status").asString()).isNotEqualTo("healthy");
                });
    }

    @Test
    void aBadPoolIsRefusedBeforeTheServerStarts() throws Exception {
        CliProcess.Result bad = CliProcess.run(dir, "server", "--bind", "127.0.0.1:0", "--data-dir",
                dir.resolve("bad").toString(), "--pool", "local:name=a,max=lots");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("max must be a whole number, got 'lots'");
        // a cloud pool whose provider's settings are missing: refused by name, before anything is created
        CliProcess.Result cloud = CliProcess.start(dir, java.util.Map.of("MERIDIAN_POOL_COORDINATOR",
                "https://coordinator.example:8443"), "server", "--bind", "127.0.0.1:0", "--data-dir",
                dir.resolve("cloud").toString(), "--pool", "azure:name=cloud,instance_type=Standard_D2s_v5")
                .await(Duration.ofMinutes(2));
        assertThat(cloud.exitCode()).as(cloud.toString()).isEqualTo(2);
        assertThat(cloud.stderr()).contains("MERIDIAN_AZURE_SUBSCRIPTION_ID is required for azure pools");
    }

    private JsonNode sample() throws Exception {
        JsonNode stats = Json.parse(call("GET", "/v1/queue/stats", null).body());
        JsonNode pool = pool();
        mostWorkers = Math.max(mostWorkers, pool.path("registered").asInt());
        timeline.add(String.format("%6.1f s  workers %d/%d  %s  waiting %4d  running %3d  done %4d",
                elapsedMs() / 1000.0, pool.path("registered").asInt(), pool.path("current").asInt(),
                "#".repeat(pool.path("current").asInt()) + " ".repeat(Math.max(0, 6 - pool.path("current").asInt())),
                stats.path("waiting").asLong(), stats.path("running").asLong() + stats.path("leased").asLong(),
                stats.path("succeeded").asLong()));
        return stats;
    }

    private JsonNode pool() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/pools?pool=burst&limit=1", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).path("pools").get(0);
    }

    private long elapsedMs() {
        return (System.nanoTime() - startedAt) / 1_000_000;
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
