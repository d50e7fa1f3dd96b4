package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, "one oversized result poisons a worker until restart", with real processes: a coordinator server and
 * two worker processes run jobs where every tenth returns about 3 MB (over the 2 MiB per-result limit)
 * and every fiftieth about 5 MB (over the 4 MiB body limit too). Those jobs fail with result_too_large; every other
 * job succeeds, nothing is dead-lettered as lost with its worker, and the same workers then run a clean batch.
 */
class PoisonResultStressIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;
    final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static final String POISON = "if . % 50 == 0 then \"abcde\" * 1000000 elif . % 10 == 0 then \"abcde\" * 600000 "
            + "else {n: .} end";
    static final String CLEAN = "{n: .}";

    /**
     * Submits one standalone json_transform job per item through the queue API (each job stands alone, so one
     * failing does not cancel the others as it would inside a stage).
     */
    void submit(ProcessHarness.Server server, int items, String expression) throws Exception {
        var body = Json.object();
        var jobs = body.putArray("jobs");
        for (int i = 0; i < items; i++) {
            jobs.addObject().put("type", "json_transform").put("timeout_seconds", 120)
                    .set("payload", Json.object().put("input", i).put("expression", expression));
        }
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/queue/jobs"))
                .header("Authorization", "Bearer " + server.token()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        var response = http.send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    void awaitSettled(ProcessHarness.Server server, int total) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                jobs(server, "succeeded").size() + jobs(server, "failed").size() + jobs(server, "dead").size() == total);
    }

    JsonNode jobs(ProcessHarness.Server server, String status) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url()
                        + "/v1/queue/jobs?status=" + status + "&limit=100000"))
                .header("Authorization", "Bearer " + server.token()).GET().build();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).path("jobs");
    }

    @Test
    void oversizedResultsFailTheirJobsAndNeverTheWorkers() throws Exception {
        int items = StressScale.pick(30, 2000);
        int poisoned = (items + 9) / 10;
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        cluster.worker(server, "w1", "--concurrency", "2");
        cluster.worker(server, "w2", "--concurrency", "2");

        long started = System.nanoTime();
        submit(server, items, POISON);
        awaitSettled(server, items);
        long poisonMillis = (System.nanoTime() - started) / 1_000_000;

        JsonNode failed = jobs(server, "failed");
        assertThat(failed).hasSize(poisoned);
        for (JsonNode j : failed) {
            assertThat(j.path("error").asString()).startsWith("result_too_large").contains("bytes of JSON");
            assertThat(j.path("failures").asInt()).as("final: not retried").isEqualTo(1);
        }
        assertThat(jobs(server, "dead")).as("nothing lost with its worker").isEmpty();
        assertThat(jobs(server, "succeeded")).hasSize(items - poisoned);

        started = System.nanoTime();
        submit(server, items, CLEAN);
        awaitSettled(server, 2 * items);
        assertThat(jobs(server, "succeeded")).hasSize(2 * items - poisoned);
        long cleanMillis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("STRESS poison-results: %d items, %d oversized (3-5 MB) failed as result_too_large, 0 dead; "
                + "poisoned run %d ms, clean run on the same workers afterwards %d ms%n", items, poisoned, poisonMillis,
                cleanMillis);
    }
}
