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
 * fresh as the leader's last commit). Everything else is redirected to the leader by the API handler, except
 * while the node is {@link Unavailable} (starting to lead, or stepped down because it could not commit): then
 * every other API route answers why, so a client reads {@code storage_full} rather than a hint at an election.
 */
public final class FollowerRoutes {
    private final Store store;
    private final ServerMetrics metrics;
    private final Supplier<Optional<URI>> leader;
    private final Supplier<Optional<Unavailable>> unavailable;

    public FollowerRoutes(Store store, ServerMetrics metrics, Supplier<Optional<URI>> leader) {
        this(store, metrics, leader, null);
    }

    /** With {@code unavailable} (may be null: never), asked on every request. */
    public FollowerRoutes(Store store, ServerMetrics metrics, Supplier<Optional<URI>> leader,
                          Supplier<Optional<Unavailable>> unavailable) {
        this.store = store;
        this.metrics = metrics;
        this.leader = leader;
        this.unavailable = unavailable;
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
        if (unavailable != null) {
            addRefusals(r);
        }
    }

    /**
     * Every other API path (up to six segments, any method) answers why the node is unavailable. Should it no
     * longer be (another coordinator took over meanwhile), the answer is a plain retryable not_leader; the node
     * puts the ordinary redirects back in place at once.
     */
    private void addRefusals(Routes r) {
        String template = "/v1";
        for (int depth = 1; depth <= 6; depth++) {
            template += "/{p" + depth + "}";
            for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
                r.add(new io.meridian.server.http.Route(method, template, null, this::refuse));
            }
        }
    }

    private void refuse(Exchange ex) {
        Optional<Unavailable> why = unavailable.get();
        if (why.isPresent()) {
            throw why.get().error();
        }
        throw new ApiError(503, "not_leader", "this coordinator is not leading"
                + leader.get().map(l -> "; the leader is at " + l).orElse("") + ": retry");
    }

    /**
     * A follower is ready (it can answer reads and point to the leader) when the store answers and it is not
     * {@link Unavailable}.
     */
    private void state(Exchange ex) throws java.io.IOException {
        Optional<Unavailable> why = unavailable == null ? Optional.empty() : unavailable.get();
        if (why.isPresent()) {
            ObjectNode out = Json.object().put("role", why.get().role()).put("status", why.get().status())
                    .put("code", why.get().error().code()).put("reason", why.get().error().getMessage());
            ex.json(503, out);
            return;
        }
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
