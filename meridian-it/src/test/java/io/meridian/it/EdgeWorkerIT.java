package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real worker processes frozen with SIGSTOP while they run a job. With a heartbeat of 1 s a worker silent for 2.5 s is
 * unhealthy and its jobs fail over; an edge worker ({@code --node-type edge}) has {@code edge_lease_multiplier} (8
 * here) times that, 20 s. A freeze of 8 s fails the local worker's job over but not the edge worker's: it wakes up,
 * finishes the job in its first attempt, on its same session. A freeze of 30 s fails the edge worker's job over too.
 */
class EdgeWorkerIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;
    ProcessHarness.Server server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anEdgeWorkerBackWithinItsLeaseKeepsItsJobAndOneAwayLongerFailsOver() throws Exception {
        Path config = dir.resolve("meridian.yaml");
        Files.writeString(config, "engine:\n  workers: {edge_lease_multiplier: 8}\n");
        cluster = new ProcessHarness(dir);
        server = cluster.server("coordinator", "--config", config.toString());
        var edge = cluster.worker(server, "edge-1", "--node-type", "edge", "--concurrency", "1");
        var local = cluster.worker(server, "local-1", "--node-type", "local", "--concurrency", "1");
        await().atMost(Duration.ofSeconds(60)).until(() -> workers().size() == 2);

        String onEdge = submit("edge", 6_000);
        String onLocal = submit("local", 6_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> "edge-1".equals(job(onEdge).path("worker_id").asString())
                && "local-1".equals(job(onLocal).path("worker_id").asString()));
        ProcessHarness.signal(edge.process, "STOP");
        ProcessHarness.signal(local.process, "STOP");
        long frozeAt = System.nanoTime();
        // Past the usual timeout the local worker's job fails over; the edge worker's stays its own.
        await().atMost(Duration.ofSeconds(20)).until(() -> job(onLocal).path("attempt").asInt() >= 2
                || job(onLocal).path("status").asString().equals("waiting"));
        await().atMost(Duration.ofSeconds(15)).until(() -> System.nanoTime() - frozeAt >= Duration.ofSeconds(8).toNanos());
        assertThat(job(onEdge).path("attempt").asInt()).isEqualTo(1);
        assertThat(job(onEdge).path("worker_id").asString()).isEqualTo("edge-1");
        ProcessHarness.signal(edge.process, "CONT");
        ProcessHarness.signal(local.process, "CONT");

        await().atMost(Duration.ofSeconds(60)).until(() -> job(onEdge).path("status").asString().equals("succeeded")
                && job(onLocal).path("status").asString().equals("succeeded"));
        assertThat(job(onEdge).path("attempt").asInt()).as("finished in its first attempt, never re-run").isEqualTo(1);
        assertThat(job(onLocal).path("attempt").asInt()).as("the local worker's job ran again").isGreaterThanOrEqualTo(2);
        assertThat(workerEvents("worker.unhealthy")).as("the edge worker was never declared dead")
                .doesNotContain("edge-1").contains("local-1");
        assertThat(workerEvents("worker.registered")).as("and kept its session: registered once")
                .filteredOn("edge-1"::equals).hasSize(1);

        // Away longer than its lease: an edge worker's job fails over too, to another edge worker.
        String longAway = submit("edge", 6_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> "edge-1".equals(job(longAway).path("worker_id").asString()));
        cluster.worker(server, "edge-2", "--node-type", "edge", "--concurrency", "1");
        ProcessHarness.signal(edge.process, "STOP");
        await().atMost(Duration.ofSeconds(60)).until(() -> job(longAway).path("status").asString().equals("succeeded"));
        ProcessHarness.signal(edge.process, "CONT");
        JsonNode done = job(longAway);
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        assertThat(done.path("worker_id").asString()).isEqualTo("edge-2");
        assertThat(workerEvents("worker.unhealthy")).contains("edge-1");
    }

    private String submit(String nodeType, int millis) throws Exception {
        HttpResponse<String> r = call("POST", "/v1/queue/jobs", "{\"type\": \"delay\", \"config\": {\"millis\": "
                + millis + "}, \"requires\": {\"node_type\": \"" + nodeType + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("ids").get(0).asString();
    }

    private JsonNode job(String id) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/queue/jobs/" + id, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    private java.util.List<JsonNode> workers() throws Exception {
        return Json.parse(call("GET", "/v1/workers", null).body()).path("workers").valueStream()
                .filter(w -> w.path("status").asString().matches("idle|active|busy")).toList();
    }

    /** The worker ids of the events of this type. */
    private java.util.List<String> workerEvents(String type) throws Exception {
        return Json.parse(call("GET", "/v1/events?limit=1000&type=" + type, null).body()).path("events")
                .valueStream().map(e -> e.path("data").path("worker_id").asString()).toList();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
