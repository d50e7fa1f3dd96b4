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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A pool shrinks while each of its two worker processes runs a long job: the worker chosen to go is drained (no new
 * job), its process keeps running its job to the end in the first attempt, and only then is it stopped. Nothing is
 * killed or handed back because the pool shrank.
 */
class PoolDrainIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;
    ProcessHarness.Server server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.process().process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBusyWorkerChosenToGoFinishesItsJobBeforeItIsStopped() throws Exception {
        cluster = new ProcessHarness(dir);
        server = cluster.server("coordinator", "--pool",
                "local:name=burst,min=0,max=2,capabilities=burst,worker_slots=4,scale_down_cooldown=8s,"
                        + "startup_seconds=120");
        // 8 jobs of 5 s need both workers, and keep them busy until both have registered (one alone would take 10 s).
        List<String> shorts = submit(8, 5_000);
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
                .until(() -> shorts.stream().allMatch(this::succeeded));
        await().atMost(Duration.ofSeconds(5)).until(() -> poolWorkers().size() == 2);
        // One long job on each worker: the first is leased before the second is submitted, which least-loaded
        // placement then gives to the other, idle worker.
        String first = submit(1, 20_000).getFirst();
        await().atMost(Duration.ofSeconds(5)).until(() -> !job(first).path("worker_id").isNull());
        String second = submit(1, 20_000).getFirst();
        await().atMost(Duration.ofSeconds(5)).until(() -> !job(second).path("worker_id").isNull());
        assertThat(job(first).path("worker_id").asString()).isNotEqualTo(job(second).path("worker_id").asString());

        // Two running jobs need one worker of 4 slots: after the cooldown one worker drains, busy.
        JsonNode[] drained = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            drained[0] = poolWorkers().stream().filter(w -> w.path("draining").asBoolean()).findFirst().orElse(null);
            return drained[0] != null;
        });
        String goes = drained[0].path("id").asString();
        String itsJob = goes.equals(job(first).path("worker_id").asString()) ? first : second;
        assertThat(drained[0].path("active_jobs").asInt()).isEqualTo(1);
        Optional<ProcessHandle> process = ProcessHandle.of(drained[0].path("pid").asLong());
        assertThat(process).as("its process runs on").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(scaleDowns()).anySatisfy(d -> assertThat(d.path("data").path("reason").asString())
                .contains("1 finishing their 1 jobs first, stopped once idle"));
        assertThat(job(itsJob).path("status").asString()).as("still running its job").isIn("leased", "running");

        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(itsJob));
        JsonNode done = job(itsJob);
        assertThat(done.path("attempt").asInt()).as("finished where it ran, never handed back").isEqualTo(1);
        assertThat(done.path("worker_id").asString()).isEqualTo(goes);
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.get().isAlive());
        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(first) && succeeded(second));
        assertThat(job(first).path("attempt").asInt()).isEqualTo(1);
        assertThat(job(second).path("attempt").asInt()).isEqualTo(1);
        JsonNode lost = Json.parse(call("GET", "/v1/events?limit=1000&type=job.retry_scheduled,job.dead", null)
                .body()).path("events");
        assertThat(lost.isEmpty()).as("no job lost its worker: " + lost).isTrue();
    }

    private List<String> submit(int n, int millis) throws Exception {
        StringBuilder body = new StringBuilder("{\"jobs\": [");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\": \"delay\", \"config\": {\"millis\": ").append(millis)
                    .append("}, \"requires\": {\"capabilities\": [\"burst\"]}}");
        }
        HttpResponse<String> r = call("POST", "/v1/queue/jobs", body.append("]}").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("ids").valueStream().map(JsonNode::asString).toList();
    }

    private boolean succeeded(String id) {
        try {
            return job(id).path("status").asString().equals("succeeded");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode job(String id) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/queue/jobs/" + id, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    /** The registered workers of the pool. */
    private List<JsonNode> poolWorkers() throws Exception {
        return Json.parse(call("GET", "/v1/workers", null).body()).path("workers").valueStream()
                .filter(w -> w.path("labels").path("meridian.pool").asString("").equals("burst"))
                .filter(w -> !w.path("status").asString().equals("offline")).toList();
    }

    private List<JsonNode> scaleDowns() throws Exception {
        return Json.parse(call("GET", "/v1/events?limit=1000&type=pool.scaled_down", null).body()).path("events")
                .valueStream().toList();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
