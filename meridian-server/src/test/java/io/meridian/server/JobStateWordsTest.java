package io.meridian.server;

import static io.meridian.server.TestServer.ADMIN;
import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.WORKER;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A job state has one word: the one stats print is the one a listing filters on and a clean deletes. */
class JobStateWordsTest {
    TestServer api;

    @BeforeEach
    void start() throws Exception {
        api = new TestServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theWordStatsPrintIsTheWordListingAndCleanAccept() throws Exception {
        String id = runOneJobToTheEnd();
        JsonNode stats = json(api.call("GET", "/v1/queue/stats", CLIENT, null));
        assertThat(stats.path("succeeded").asLong()).isEqualTo(1);
        assertThat(stats.has("completed")).as("one word per state").isFalse();
        JsonNode listed = json(api.call("GET", "/v1/queue/jobs?status=succeeded", CLIENT, null));
        assertThat(listed.path("jobs").get(0).path("id").asString()).isEqualTo(id);
        assertThat(listed.path("jobs").get(0).path("status").asString()).isEqualTo("succeeded");
        // the old word of the stats is read as an alias, as documented
        assertThat(json(api.call("GET", "/v1/queue/jobs?status=completed", CLIENT, null)).path("jobs")).hasSize(1);
        var cleaned = api.call("POST", "/v1/queue/clean", ADMIN, "{\"states\": [\"succeeded\"], \"older_than_seconds\": 0}");
        assertThat(json(cleaned).path("deleted").asLong()).isEqualTo(1);
        assertThat(json(api.call("POST", "/v1/queue/clean", ADMIN, "{\"states\": [\"completed\"]}")).path("deleted")
                .asLong()).isZero();
    }

    @Test
    void anUnknownStateNamesTheWordsThereAre() throws Exception {
        var bogus = api.call("GET", "/v1/queue/jobs?status=done", CLIENT, null);
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(message(bogus)).isEqualTo("unknown job state 'done' (one of waiting, delayed, paused, leased, "
                + "running, succeeded, failed, cancelled, dead)");
    }

    private String runOneJobToTheEnd() throws Exception {
        String id = json(api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\"}")).path("ids").get(0).asString();
        String secret = json(api.call("POST", "/v1/workers", WORKER, """
                {"worker_id": "w1", "incarnation": "i1", "host": "h", "pid": 1, "capabilities": ["cpu"], "cores": 2,
                 "memory_mb": 1024, "gpus": 0, "max_concurrency": 4, "region": null, "cost_per_hour": 0,
                 "labels": {}, "version": "t"}""")).path("session_secret").asString();
        api.call("POST", "/v1/workers/w1/exchange", WORKER, """
                {"worker_id": "w1", "incarnation": "i1", "reports": [], "held": [], "want_jobs": 1,
                 "wait_millis": 0, "active_jobs": 0, "session_secret": "%s"}""".formatted(secret));
        var done = api.call("POST", "/v1/leases/" + id + "/1/complete", WORKER, "{\"worker_id\": \"w1\", "
                + "\"incarnation\": \"i1\", \"session_secret\": \"" + secret + "\", \"output\": {}}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return id;
    }
}
