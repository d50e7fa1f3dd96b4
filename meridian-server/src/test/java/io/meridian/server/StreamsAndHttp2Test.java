package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/2 (cleartext by upgrade, and over TLS by ALPN), an execution watched as server-sent events and over a
 * WebSocket until it finishes, and a stop that lets the request in flight finish while refusing new ones. Real
 * clients: the JDK's HttpClient and WebSocket.
 */
class StreamsAndHttp2Test {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    final TestServer s;
    final HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    StreamsAndHttp2Test() throws Exception {
        s = new TestServer();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void cleartextClientsUpgradeToHttp2() throws Exception {
        var r = h2.send(get("/health/ready").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        // and the API's answers are the same over it, errors included
        var unauthorized = h2.send(get("/v1/queue/stats").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(Json.parse(unauthorized.body()).path("error").path("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void httpsNegotiatesHttp2ByAlpn(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "meridian", "-keyalg", "EC", "-dname",
                "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "secret123", "-keypass", "secret123").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        try (CoordinatorServer tls = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 1000, 64,
                keystore, "secret123"), s.coordinator, new io.meridian.server.auth.Tokens(), Set.of("noop"))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "secret123".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_2).build();
            var r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + tls.port() + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            HttpClient http11 = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
            assertThat(http11.send(HttpRequest.newBuilder(URI.create("https://localhost:" + tls.port()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).version())
                    .isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void anExecutionIsWatchedAsServerSentEventsUntilItFinishes() throws Exception {
        String id = startExecution();
        var response = h2.send(get("/v1/executions/" + id + "/watch").header("Authorization", "Bearer "
                + TestServer.CLIENT).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("text/event-stream"));
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try (Stream<String> lines = response.body()) {
                lines.filter(l -> !l.isEmpty() && !l.startsWith(":")).forEach(events::add);
            }
        });
        await().atMost(PATIENCE).until(() -> events.stream().anyMatch(l -> l.contains("\"running\"")));
        finishTheJob();
        read.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS); // the stream ends by itself
        assertThat(events.get(0)).isEqualTo("event: state");
        assertThat(events).contains("event: end");
        String last = events.get(events.size() - 1);
        assertThat(Json.parse(last.substring("data: ".length())).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void watchingAnUnknownExecutionIs404AndNeedsAClientToken() throws Exception {
        var unknown = h2.send(get("/v1/executions/x-none/watch").header("Authorization", "Bearer " + TestServer.CLIENT)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(h2.send(get("/v1/executions/x-none/watch").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void anExecutionIsWatchedOverAWebSocketUntilItFinishes() throws Exception {
        String id = startExecution();
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TestServer.CLIENT)
                .buildAsync(URI.create("ws://127.0.0.1:" + s.server.port() + "/v1/executions/" + id + "/watch/ws"),
                        collector(messages, closed)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> !messages.isEmpty() || closed.isDone());
        assertThat(closed).as("open until the execution ends").isNotDone();
        assertThat(messages.get(0).path("event").asString()).isEqualTo("state");
        assertThat(messages.get(0).path("data").path("status").asString()).isEqualTo("running");
        finishTheJob();
        assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("event").asString()).isEqualTo("end");
        assertThat(last.path("data").path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aWebSocketWithoutAClientTokenIsClosedAsAPolicyViolation() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TestServer.WORKER)
                .buildAsync(URI.create("ws://127.0.0.1:" + s.server.port() + "/v1/executions/x1/watch/ws"),
                        collector(new CopyOnWriteArrayList<>(), closed)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void stoppingFinishesTheRequestInFlightAndRefusesNewOnes() throws Exception {
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String secret = register(http11, "w-stop");
        var inFlight = http11.sendAsync(post("/v1/workers/w-stop/exchange", TestServer.WORKER,
                exchange("w-stop", secret, 1, 2_000)).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(PATIENCE).until(() -> s.call("GET", "/metrics", null, null).body()
                .contains("meridian_http_in_flight{class=\"long_poll\"} 1.0"));
        long began = System.nanoTime();
        int port = s.server.port();
        Thread stopping = Thread.ofVirtual().start(s.server::close);
        await().atMost(PATIENCE).until(() -> {
            try {
                return http11.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
            } catch (java.io.IOException refused) {
                return true; // no longer accepting connections
            }
        });
        assertThat(inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.join();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private String workerSecret;

    /** Starts a one-stage pipeline whose job is leased (running) by a worker this test plays. */
    private String startExecution() throws Exception {
        String pipeline = "id: watched\nstages:\n  - id: only\n    type: noop\n";
        var r = s.call("POST", "/v1/executions", TestServer.CLIENT, "{\"pipeline_text\": " + Json.write(pipeline) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("execution_id").asString();
    }

    private void finishTheJob() throws Exception {
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        workerSecret = register(http11, "w-watch");
        JsonNode grant = Json.parse(http11.send(post("/v1/workers/w-watch/exchange", TestServer.WORKER,
                exchange("w-watch", workerSecret, 1, 5_000)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("grants").get(0);
        JsonNode lease = grant.path("lease");
        var done = http11.send(post("/v1/leases/" + lease.path("job_id").asString() + "/" + lease.path("attempt").asInt()
                + "/complete", TestServer.WORKER, Json.write(Json.object().put("worker_id", "w-watch")
                .put("incarnation", "i1").put("session_secret", workerSecret).set("output", Json.object()
                        .put("ok", true)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    }

    private String register(HttpClient client, String id) throws Exception {
        var r = client.send(post("/v1/workers", TestServer.WORKER, OverloadTest.registration(id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("session_secret").asString();
    }

    private static String exchange(String id, String secret, int want, long wait) {
        return """
                {"worker_id": "%s", "incarnation": "i1", "reports": [], "held": [], "want_jobs": %d,
                 "wait_millis": %d, "active_jobs": 0, "session_secret": "%s"}""".formatted(id, want, wait, secret);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port() + path)).timeout(PATIENCE);
    }

    private HttpRequest.Builder post(String path, String token, String body) {
        return get(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static WebSocket.Listener collector(List<JsonNode> messages, CompletableFuture<Integer> closed) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(Json.parse(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
    }
}
