package io.meridian.server;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.memory.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A real coordinator server on 127.0.0.1 with client, worker and admin tokens, and a plain HTTP client. */
final class TestServer implements AutoCloseable {
    static final String CLIENT = "client-secret";
    static final String WORKER = "worker-secret";
    static final String ADMIN = "admin-secret";
    static final String REGION = "region-secret";

    final Coordinator coordinator;
    final CoordinatorServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    TestServer() throws Exception {
        this(Set.of("noop"));
    }

    /** @param knownTypes the stage types pipelines may use (the one built-in {@code noop} by default) */
    TestServer(Set<String> knownTypes) throws Exception {
        this(new InMemoryStore(), knownTypes);
    }

    /** A coordinator and server on {@code store}: a second one on the same store is a restart. */
    TestServer(InMemoryStore store, Set<String> knownTypes) throws Exception {
        coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE, Duration.ofMillis(50));
        Tokens tokens = new Tokens().addToken(ADMIN, "admin", EnumSet.of(Scope.ADMIN))
                .addToken(CLIENT, "client", EnumSet.of(Scope.CLIENT))
                .addToken(WORKER, "worker", EnumSet.of(Scope.WORKER))
                .addToken(REGION, "region", EnumSet.of(Scope.REGION))
                .withStore(store.tokens());
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 64 * 1024, 100_000, 256, null, null),
                coordinator, tokens, knownTypes);
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return call(method, path, token, body, java.util.Map.of());
    }

    HttpResponse<String> call(String method, String path, String token, String body,
                              java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (!headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body());
    }

    static String code(HttpResponse<String> r) {
        return json(r).path("error").path("code").asString();
    }

    static String message(HttpResponse<String> r) {
        return json(r).path("error").path("message").asString();
    }

    @Override
    public void close() {
        server.close();
        coordinator.close();
    }
}
