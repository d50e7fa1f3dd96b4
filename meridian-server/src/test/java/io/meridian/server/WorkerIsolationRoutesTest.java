package io.meridian.server;

import static io.meridian.server.TestServer.ADMIN;
import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.WORKER;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A fleet shares one worker token; the token alone must not let one worker act as another. Hijack attempts over
 * HTTP: registering a live worker's id, deregistering it, exchanging or completing as it.
 */
class WorkerIsolationRoutesTest {
    static final String SECRET = "X-Meridian-Worker-Secret";
    final TestServer api = new TestServer();

    WorkerIsolationRoutesTest() throws Exception {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    String register(String id) throws Exception {
        var r = api.call("POST", "/v1/workers", WORKER, Json.write(EdgeValidationRoutesTest.registration(id)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("session_secret").asString();
    }

    JsonNode exchange(String id, String secret) throws Exception {
        return json(api.call("POST", "/v1/workers/" + id + "/exchange", WORKER, Json.write(Map.of("worker_id", id,
                "incarnation", "i1", "want_jobs", 5, "wait_millis", 0, "active_jobs", 0, "session_secret", secret))));
    }

    @Test
    void aLiveWorkersIdCannotBeRegisteredAgainWithoutItsSecret() throws Exception {
        String secret = register("victim");
        var hijack = api.call("POST", "/v1/workers", WORKER, Json.write(EdgeValidationRoutesTest.registration("victim")));
        assertThat(hijack.statusCode()).isEqualTo(409);
        assertThat(code(hijack)).isEqualTo("worker_id_in_use");
        var guessed = api.call("POST", "/v1/workers", WORKER, Json.write(EdgeValidationRoutesTest.registration("victim")),
                Map.of(SECRET, "guess"));
        assertThat(guessed.statusCode()).isEqualTo(409);

        var renewed = api.call("POST", "/v1/workers", WORKER, Json.write(EdgeValidationRoutesTest.registration("victim")),
                Map.of(SECRET, secret));
        assertThat(renewed.statusCode()).as("the worker itself may renew").isEqualTo(201);
        assertThat(json(renewed).path("session_secret").asString()).isEqualTo(secret);
    }

    @Test
    void anotherWorkerCannotDeregisterItButAnAdminCan() throws Exception {
        String secret = register("victim");
        var noSecret = api.call("DELETE", "/v1/workers/victim", WORKER, null);
        assertThat(noSecret.statusCode()).isEqualTo(403);
        assertThat(code(noSecret)).isEqualTo("worker_secret_required");
        var wrong = api.call("DELETE", "/v1/workers/victim", WORKER, null, Map.of(SECRET, "guess"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(code(wrong)).isEqualTo("worker_secret_mismatch");
        assertThat(status("victim")).isEqualTo("idle");

        assertThat(api.call("DELETE", "/v1/workers/victim", ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(status("victim")).as("listed, offline").isEqualTo("offline");
        assertThat(register("victim")).isNotEqualTo(secret);
        assertThat(api.call("DELETE", "/v1/workers/victim", WORKER, null, Map.of(SECRET, secret)).statusCode())
                .as("the old secret is void after the admin removed it").isEqualTo(403);
    }

    @Test
    void theWorkerDeregistersItselfWithItsSecret() throws Exception {
        String secret = register("w");
        assertThat(api.call("DELETE", "/v1/workers/w", WORKER, null, Map.of(SECRET, secret)).statusCode())
                .isEqualTo(204);
        assertThat(status("w")).isEqualTo("offline");
    }

    @Test
    void exchangingOrCompletingAsAnotherWorkerTakesNothingAndChangesNothing() throws Exception {
        String jobId = json(api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\"}")).path("ids").get(0)
                .asString();
        String secret = register("victim");
        JsonNode grant = exchange("victim", secret).path("grants").get(0);
        assertThat(grant.path("lease").path("job_id").asString()).isEqualTo(jobId);
        api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\"}");

        assertThat(exchange("victim", "guess").path("grants")).as("no jobs for a forger").isEmpty();
        var forged = api.call("POST", "/v1/leases/" + jobId + "/1/complete", WORKER, Json.write(Map.of(
                "worker_id", "victim", "incarnation", "i1", "session_secret", "guess", "output", Map.of("x", 1))));
        assertThat(forged.statusCode()).isEqualTo(409);

        var real = api.call("POST", "/v1/leases/" + jobId + "/1/complete", WORKER, Json.write(Map.of(
                "worker_id", "victim", "incarnation", "i1", "session_secret", secret, "output", Map.of("x", 2))));
        assertThat(real.statusCode()).isEqualTo(200);
        assertThat(json(api.call("GET", "/v1/queue/jobs/" + jobId, CLIENT, null)).path("result").path("x").asInt())
                .isEqualTo(2);
    }

    private String status(String id) throws Exception {
        return json(api.call("GET", "/v1/workers/" + id, CLIENT, null)).path("status").asString();
    }
}
