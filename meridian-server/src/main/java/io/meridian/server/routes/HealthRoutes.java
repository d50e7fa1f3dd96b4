package io.meridian.server.routes;

import io.meridian.engine.Coordinator;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.model.json.Json;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.server.metrics.ServerMetrics;
import io.meridian.engine.durability.Fitness;
import io.meridian.store.StorageFullException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** Health checks (no token needed) and Prometheus metrics. */
public final class HealthRoutes {
    private final Coordinator coordinator;
    private final ServerMetrics metrics;

    public HealthRoutes(Coordinator coordinator, ServerMetrics metrics) {
        this.coordinator = coordinator;
        this.metrics = metrics;
    }

    public void addTo(Routes r) {
        r.get("/health/workers", null, ex -> {
            Map<String, Integer> byStatus = new TreeMap<>();
            for (WorkerRegistry.Worker w : coordinator.workers()) {
                byStatus.merge(w.status().name().toLowerCase(), 1, Integer::sum);
            }
            ex.json(200, Json.object().set("by_status", Json.toTree(byStatus)));
        });
        r.get("/health/queue", null, ex -> ex.json(200, coordinator.queueStats()));
        r.get("/health/state", null, this::state);
        r.get("/health/ready", null, this::state);
        r.get("/metrics", null, ex -> ex.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    }

    /**
     * Ready when this coordinator can commit and its store answers a query. "Can commit" is judged by what the
     * commits do, not by whether their thread exists: a fatal error in a component the leader needs, a full
     * store, or a write that has waited past the stall limit each make it not ready, with the reason.
     */
    private void state(Exchange ex) throws Exception {
        ObjectNode out = Json.object().put("role", "leader");
        out.put("oldest_pending_write_ms", coordinator.committer().oldestPendingAge().toMillis());
        out.put("last_commit_ms_ago", coordinator.committer().sinceLastCommit().toMillis());
        Optional<Fitness.Verdict> unfit = coordinator.unfit();
        String code = unfit.map(Fitness.Verdict::code).orElse(null);
        String problem = unfit.map(Fitness.Verdict::reason).orElse(null);
        if (problem == null) {
            try {
                coordinator.executions(1);
            } catch (RuntimeException e) {
                code = StorageFullException.isCause(e) ? "storage_full" : "store_unavailable";
                problem = "the store does not answer: " + e.getMessage();
            }
        }
        out.put("status", problem == null ? "ready" : "unavailable");
        out.put("code", code);
        out.put("reason", problem);
        ex.json(problem == null ? 200 : 503, out);
    }
}
