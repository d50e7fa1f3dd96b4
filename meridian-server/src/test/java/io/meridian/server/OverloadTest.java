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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server under overload, over real sockets: shed requests are answered at once, each class of request
 * keeps its own capacity, long polls are parked off the short-call slots, and slow clients are cut off.
 */
class OverloadTest {
    static final String CLIENT = "client-secret";
    static final String WORKER = "worker-secret";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final Coordinator coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT,
            SystemClock.INSTANCE, Duration.ofMillis(50));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final List<SlowClient> slow = new ArrayList<>();
    CoordinatorServer server;

    void start(RequestCapacity capacity, EdgeTimeouts timeouts) throws Exception {
        Tokens tokens = new Tokens().addToken(CLIENT, "client", EnumSet.of(Scope.CLIENT))
                .addToken(WORKER, "worker", EnumSet.of(Scope.WORKER));
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 100_000, capacity, timeouts,
                null, null), coordinator, tokens, Set.of("noop"));
    }

    @AfterEach
    void stop() throws Exception {
        for (SlowClient c : slow) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        coordinator.close();
    }

    static EdgeTimeouts timeouts(Duration header, Duration bodyRead, Duration maxWait) {
        return new EdgeTimeouts(header, Duration.ofSeconds(120), bodyRead, maxWait);
    }

    @Test
    void aShedRequestIsAnswered503WithRetryAfterAndTheConnectionCompletes() throws Exception {
        start(new RequestCapacity(2, 8, 4, 8, 1000), timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(30)));
        holdClientSlots(2);

        var shed = call("GET", "/v1/queue/stats", CLIENT, null);
        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Json.parse(shed.body()).path("error").path("code").asString()).isEqualTo("overloaded");
        assertThat(Json.parse(shed.body()).path("error").path("message").asString())
                .contains("2 slots", "server.max_concurrent_requests");
        // On a raw socket: the whole answer arrives (Content-Length), and the connection can carry on.
        try (SlowClient raw = new SlowClient(server.port())) {
            raw.send("GET /v1/queue/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + CLIENT
                    + "\r\nConnection: close\r\n\r\n");
            String answer = raw.readUntilClosed(PATIENCE);
            assertThat(answer).as("answered and closed, not left hanging").isNotNull()
                    .startsWith("HTTP/1.1 503").contains("Retry-After: 1").endsWith("}");
        }
        assertThat(metrics()).contains("meridian_http_shed_total{class=\"client\"}");
    }

    @Test
    void healthChecksAndWorkersKeepTheirCapacityWhileSlowClientsFillTheClientSlots() throws Exception {
        start(new RequestCapacity(4, 4, 2, 8, 1000), timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(30)));
        holdClientSlots(4);
        assertThat(call("GET", "/v1/queue/stats", CLIENT, null).statusCode()).isEqualTo(503);

        assertThat(call("GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(register("w1").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/v1/workers/w1/exchange", WORKER, exchange("w1", 1, 0)).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/workers/w1/heartbeat", WORKER, exchange("w1", 0, 0)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void longPollsAreParkedOffTheWorkerSlotsSoHeartbeatsStillGetThrough() throws Exception {
        int polls = 6;
        start(new RequestCapacity(4, 2, 2, polls, 1000), timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(60)));
        List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            assertThat(register("p" + i).statusCode()).isEqualTo(201);
            parked.add(callAsync("/v1/workers/p" + i + "/exchange", exchange("p" + i, 1, 20_000)));
        }
        await().atMost(PATIENCE).until(() -> gauge("long_poll") == polls);
        assertThat(gauge("worker")).as("a parked long poll holds no worker slot").isZero();

        assertThat(register("real").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/v1/workers/real/heartbeat", WORKER, exchange("real", 0, 0)).statusCode())
                .isEqualTo(200);
        var oneTooMany = call("POST", "/v1/workers/real/exchange", WORKER, exchange("real", 1, 20_000));
        assertThat(oneTooMany.statusCode()).isEqualTo(503);
        assertThat(oneTooMany.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(oneTooMany.body()).contains("long-poll slots", "server.max_long_polls");

        // Work arriving wakes a parked poll, which answers with it.
        call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\"}");
        await().atMost(PATIENCE).until(() -> parked.stream().anyMatch(f -> f.isDone()
                && f.join().body().contains("\"grants\":[{")));
    }

    @Test
    void waitMillisIsClampedToTheMaximumAndANegativeWaitIs400() throws Exception {
        start(RequestCapacity.withClients(8), timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofMillis(300)));
        assertThat(register("w1").statusCode()).isEqualTo(201);
        // Asks for 10 minutes; the client gives up after 30 s, so only a clamped wait answers in time.
        var clamped = call("POST", "/v1/workers/w1/exchange", WORKER, exchange("w1", 1, 600_000));
        assertThat(clamped.statusCode()).isEqualTo(200);
        assertThat(Json.parse(clamped.body()).path("grants").size()).isZero();

        var negative = call("POST", "/v1/workers/w1/exchange", WORKER, exchange("w1", 1, -5));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("wait_millis must be 0 or more, got -5");
    }

    @Test
    void partialHeadersAreCutOffAfterTheHeaderTimeout() throws Exception {
        Duration headerTimeout = Duration.ofMillis(500);
        start(RequestCapacity.withClients(8), timeouts(headerTimeout, Duration.ofSeconds(120), Duration.ofSeconds(30)));
        SlowClient loris = new SlowClient(server.port());
        slow.add(loris);
        long began = System.nanoTime();
        loris.send("GET /health/ready HTTP/1.1\r\nHost: x\r\n");
        // A header line every 100 ms keeps the (2-minute) idle timeout from ever firing.
        Thread.ofVirtual().start(() -> {
            while (loris.trySend("X-Slow: " + System.nanoTime() + "\r\n")) {
                pause(Duration.ofMillis(100));
            }
        });
        assertThat(loris.readUntilClosed(PATIENCE)).as("closed before its headers were done").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(headerTimeout);
        assertThat(call("GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(metrics()).contains("meridian_http_header_timeouts_total 1.0");
    }

    @Test
    void aSlowBodyIsCutOffWith408AfterTheBodyReadTimeout() throws Exception {
        Duration bodyRead = Duration.ofSeconds(1);
        start(RequestCapacity.withClients(8), timeouts(Duration.ofSeconds(60), bodyRead, Duration.ofSeconds(30)));
        SlowClient trickle = SlowClient.slowPost(server.port(), "/v1/queue/jobs", CLIENT, 400, "{");
        slow.add(trickle);
        long began = System.nanoTime();
        Thread.ofVirtual().start(() -> {
            while (trickle.trySend(" ")) {
                pause(Duration.ofMillis(100));
            }
        });
        String answer = trickle.readUntilClosed(PATIENCE);
        assertThat(answer).as("answered and closed").isNotNull().startsWith("HTTP/1.1 408")
                .contains("request_timeout", "server.body_read_timeout_millis");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(bodyRead);
        // The slot it held is free again.
        await().atMost(PATIENCE).until(() -> gauge("client") == 0);
    }

    @Test
    void aboveMaxConnectionsANewConnectionWaitsUntilOneCloses() throws Exception {
        start(new RequestCapacity(8, 8, 8, 8, 2), timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(30)));
        String ready = "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n";
        for (int i = 0; i < 2; i++) {
            SlowClient open = new SlowClient(server.port());
            slow.add(open);
            open.send(ready);
            assertThat(open.readSome(PATIENCE)).startsWith("HTTP/1.1 200");
        }
        SlowClient third = new SlowClient(server.port());
        slow.add(third);
        third.send(ready);
        assertThat(third.readSome(Duration.ofSeconds(1))).as("not accepted while 2 are open").isNull();
        slow.get(0).close();
        assertThat(third.readSome(PATIENCE)).startsWith("HTTP/1.1 200");
    }

    @Test
    void stoppingLetsAnInFlightRequestFinish() throws Exception {
        start(RequestCapacity.withClients(8), timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(30)));
        assertThat(register("w1").statusCode()).isEqualTo(201);
        var inFlight = callAsync("/v1/workers/w1/exchange", exchange("w1", 1, 1500));
        await().atMost(PATIENCE).until(() -> gauge("long_poll") == 1);
        server.close();
        assertThat(inFlight.join().statusCode()).isEqualTo(200);
        server = null;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Fills {@code n} client slots with requests whose bodies never finish arriving. */
    private void holdClientSlots(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            slow.add(SlowClient.slowPost(server.port(), "/v1/queue/jobs", CLIENT, 10_000, "{\"type\""));
        }
        await().atMost(PATIENCE).until(() -> gauge("client") == n);
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(PATIENCE);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> callAsync(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(PATIENCE).header("Authorization", "Bearer " + WORKER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        return call("GET", "/metrics", null, null).body();
    }

    /** Requests of a class being handled now, from /metrics. */
    private int gauge(String requestClass) throws Exception {
        Matcher m = Pattern.compile("meridian_http_in_flight\\{class=\"" + requestClass + "\"} ([0-9.]+)")
                .matcher(metrics());
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }

    static String registration(String id) {
        return """
                {"worker_id": "%s", "incarnation": "i1", "host": "h", "pid": 1, "capabilities": ["cpu"], "cores": 2,
                 "memory_mb": 1024, "gpus": 0, "max_concurrency": 4, "region": null, "cost_per_hour": 0,
                 "labels": {}, "version": "t"}""".formatted(id);
    }

    /** Session secrets of the workers this test registered, by worker id. */
    private static final java.util.Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers worker {@code id} and keeps its session secret for its exchanges. */
    HttpResponse<String> register(String id) throws Exception {
        HttpResponse<String> r = call("POST", "/v1/workers", WORKER, registration(id));
        if (r.statusCode() == 201) {
            SECRETS.put(id, io.meridian.model.json.Json.parse(r.body()).path("session_secret").asString());
        }
        return r;
    }

    static String exchange(String id, int want, long waitMillis) {
        return """
                {"worker_id": "%s", "incarnation": "i1", "reports": [], "held": [], "want_jobs": %d,
                 "wait_millis": %d, "active_jobs": 0, "session_secret": "%s"}"""
                .formatted(id, want, waitMillis, SECRETS.getOrDefault(id, ""));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
