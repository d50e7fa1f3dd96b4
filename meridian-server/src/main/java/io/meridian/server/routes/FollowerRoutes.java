package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.model.json.Json;
import io.meridian.server.api.ExecutionDocument;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.server.metrics.ServerMetrics;
import io.meridian.store.Store;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a follower answers itself: health, metrics, and reads of executions straight from the shared store (as
 * fresh as the leader's last commit). Everything else is redirected to the leader by the API handler.
 */
public final class FollowerRoutes {
    private final Store store;
    private final ServerMetrics metrics;
    private final Supplier<Optional<URI>> leader;

    public FollowerRoutes(Store store, ServerMetrics metrics, Supplier<Optional<URI>> leader) {
        this.store = store;
        this.metrics = metrics;
        this.leader = leader;
    }

    public void addTo(Routes r) {
        r.get("/health/state", null, this::state);
        r.get("/health/ready", null, this::state);
        r.get("/metrics", null, ex -> ex.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        r.get("/v1/executions", CLIENT, ex -> {
            // The same query and page shape as the leader's, read from the store.
            var page = store.executions(io.meridian.server.api.ExecutionQueryParams.parse(ex::query));
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("items");
            page.items().forEach(x -> items.add(ExecutionDocument.of(x)));
            out.put("next_cursor", page.next());
            ex.json(200, out);
        });
        r.get("/v1/executions/{id}", CLIENT, ex -> {
            String id = io.meridian.server.api.Fields.require(io.meridian.model.text.FieldRules.RECORD_ID,
                    "execution id (path)", ex.path("id"));
            ex.json(200, ExecutionDocument.of(store.execution(id).orElseThrow(() -> ApiError.notFound("execution "
                    + id))));
        });
    }

    /** A follower is ready (it can answer reads and point to the leader) when the store answers. */
    private void state(Exchange ex) throws java.io.IOException {
        ObjectNode out = Json.object().put("role", "follower");
        leader.get().ifPresent(l -> out.put("leader", l.toString()));
        String problem = null;
        try {
            store.executions(1);
        } catch (RuntimeException e) {
            problem = "the store does not answer: " + e.getMessage();
        }
        out.put("status", problem == null ? "ready" : "unavailable");
        out.put("reason", problem);
        ex.json(problem == null ? 200 : 503, out);
    }
}
