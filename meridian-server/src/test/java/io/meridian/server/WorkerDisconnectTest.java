package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.http.EdgeTimeouts;
import io.meridian.server.http.RequestCapacity;
import io.meridian.store.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A worker whose connections close without a goodbye (as when its process is killed and the kernel closes its
 * sockets) is suspect at once, and its jobs are requeued when it does not come back within the grace; one that
 * comes back keeps them. Over real sockets: the worker's side is a raw HTTP/1.1 connection that is just closed.
 */
class WorkerDisconnectTest {
    static final String CLIENT = "client-secret";
    static final String WORKER = "worker-secret";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    // The engine's heartbeat timeout (3 s by default) is made long, so only the disconnect can requeue.
    final Coordinator coordinator = Coordinator.start(new InMemoryStore(),
            EngineSettings.DEFAULT.withHeartbeat(Duration.ofSeconds(20)), SystemClock.INSTANCE, Duration.ofMillis(50));
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CoordinatorServer server;

    void start(Duration grace) throws Exception {
        Tokens tokens = new Tokens().addToken(CLIENT, "client", EnumSet.of(Scope.CLIENT))
                .addToken(WORKER, "worker", EnumSet.of(Scope.WORKER));
        EdgeTimeouts timeouts = new EdgeTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(30), grace);
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 100_000,
                RequestCapacity.withClients(64), timeouts, null, null), coordinator, tokens, Set.of("noop"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        coordinator.close();
    }

    @Test
    void aWorkerWhoseConnectionClosesMidLongPollIsSuspectAndItsJobsAreRequeuedAfterTheGrace() throws Exception {
        Duration grace = Duration.ofMillis(400);
        start(grace);
        String secret = register("w1");
        String job = submit();
        long closedAt;
        try (Socket worker = new Socket("127.0.0.1", server.port())) {
            JsonNode granted = exchange(worker, "w1", secret, 1, 0);
            assertThat(granted.path("grants").get(0).path("lease").path("job_id").asString()).isEqualTo(job);
            // A long poll for more, then the process "dies": the socket closes with the request in flight.
            send(worker, "w1", secret, 1, 20_000);
            await().atMost(PATIENCE).until(() -> "idle".equals(status("w1"))
                    || "active".equals(status("w1")) || "busy".equals(status("w1")));
            closedAt = System.nanoTime();
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> "waiting".equals(jobStatus(job)));
        long requeuedAfter = Duration.ofNanos(System.nanoTime() - closedAt).toMillis();
        assertThat(requeuedAfter).as("not before the grace").isGreaterThanOrEqualTo(grace.toMillis() - 50);
        assertThat(requeuedAfter).as("long before the heartbeat timeout (60 s here)").isLessThan(10_000);
        assertThat(status("w1")).isEqualTo("unhealthy");
        System.out.printf("job requeued %d ms after the worker's connection closed (grace %d ms)%n", requeuedAfter,
                grace.toMillis());
    }

    @Test
    void aWorkerBackWithinTheGraceKeepsItsJobs() throws Exception {
        start(Duration.ofSeconds(5));
        String secret = register("w2");
        String job = submit();
        JsonNode lease;
        try (Socket first = new Socket("127.0.0.1", server.port())) {
            lease = exchange(first, "w2", secret, 1, 0).path("grants").get(0).path("lease");
        }
        await().atMost(PATIENCE).until(() -> "suspect".equals(status("w2")));
        try (Socket again = new Socket("127.0.0.1", server.port())) {
            JsonNode renewed = exchange(again, "w2", secret, 0, 0, "[" + Json.write(lease) + "]");
            assertThat(renewed.path("revoked")).as("its lease is still its own").isEmpty();
            // (checked while this connection is open: its closing would make the worker suspect again)
            assertThat(status("w2")).isNotEqualTo("suspect").isNotEqualTo("unhealthy");
            assertThat(jobStatus(job)).isIn("leased", "running");
        }
    }

    @Test
    void aForgedIdentityCannotMakeAWorkerSuspect() throws Exception {
        start(Duration.ofMillis(200));
        register("w3");
        try (Socket forger = new Socket("127.0.0.1", server.port())) {
            exchange(forger, "w3", "not-its-secret", 0, 0);
        }
        Thread.sleep(600); // longer than the grace: nothing may happen meanwhile
        assertThat(status("w3")).isEqualTo("idle");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private String register(String id) throws Exception {
        var r = call("POST", "/v1/workers", WORKER, OverloadTest.registration(id));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("session_secret").asString();
    }

    private String submit() throws Exception {
        var r = call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("ids").get(0).asString();
    }

    private String status(String worker) throws Exception {
        return Json.parse(call("GET", "/v1/workers/" + worker, CLIENT, null).body()).path("status").asString();
    }

    private String jobStatus(String job) throws Exception {
        return Json.parse(call("GET", "/v1/queue/jobs/" + job, CLIENT, null).body()).path("status").asString();
    }

    private JsonNode exchange(Socket s, String id, String secret, int want, long wait) throws Exception {
        return exchange(s, id, secret, want, wait, "[]");
    }

    private JsonNode exchange(Socket s, String id, String secret, int want, long wait, String held) throws Exception {
        send(s, id, secret, want, wait, held);
        return Json.parse(readAnswer(s.getInputStream()));
    }

    private static void send(Socket s, String id, String secret, int want, long wait) throws Exception {
        send(s, id, secret, want, wait, "[]");
    }

    private static void send(Socket s, String id, String secret, int want, long wait, String held) throws Exception {
        String body = """
                {"worker_id": "%s", "incarnation": "i1", "reports": [], "held": %s, "want_jobs": %d,
                 "wait_millis": %d, "active_jobs": 0, "session_secret": "%s"}""".formatted(id, held, want, wait,
                secret);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(("POST /v1/workers/" + id + "/exchange HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + WORKER + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    /** The body of one HTTP/1.1 answer with a Content-Length. */
    private static String readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed mid-answer: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        var m = java.util.regex.Pattern.compile("(?i)content-length: *([0-9]+)").matcher(headers);
        assertThat(m.find()).as(headers).isTrue();
        return new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(PATIENCE).header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
