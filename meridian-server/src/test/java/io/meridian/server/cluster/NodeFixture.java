package io.meridian.server.cluster;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Coordinator nodes on a test store, and the HTTP calls the step-down tests make to them. */
final class NodeFixture {
    static final Tokens TOKENS = new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private NodeFixture() {}

    static CoordinatorNode start(Store store, LeadershipSettings leadership, String id) throws Exception {
        return CoordinatorNode.start(store, EngineSettings.DEFAULT, leadership,
                new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64, null, null), TOKENS, Set.of("noop"), id, null);
    }

    /** One execution left running in {@code store}, as a previous leader would leave it; returns its id. */
    static String runningExecution(Store store) {
        try (Coordinator previous = Coordinator.manual(store, EngineSettings.DEFAULT, SystemClock.INSTANCE)) {
            Stage stage = new Stage("a", "noop", Json.object(), List.of(), RetryPolicy.NONE, 60, 5, Requirements.NONE,
                    null, null);
            Pipeline pipeline = new Pipeline("p", "p", null, 1, FailurePolicy.FAIL_FAST, StageDefaults.DEFAULT,
                    List.of(stage));
            return previous.startExecution(pipeline, Json.object(), null).id();
        }
    }

    static HttpResponse<String> submitJob(CoordinatorNode node) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/v1/queue/jobs"))
                        .header("Authorization", "Bearer admin-secret").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jobs\": [{\"type\": \"noop\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> ready(CoordinatorNode node) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health/ready"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(HttpResponse<String> response) {
        JsonNode body = Json.parse(response.body());
        return body.has("error") ? body.path("error").path("code").asString() : body.path("code").asString();
    }

    static String message(HttpResponse<String> response) {
        JsonNode body = Json.parse(response.body());
        return body.has("error") ? body.path("error").path("message").asString() : body.path("reason").asString();
    }
}
