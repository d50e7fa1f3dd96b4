package io.meridian.server.routes;

import io.meridian.engine.Coordinator;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.model.json.Json;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.server.metrics.ServerMetrics;
import java.util.Map;
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

    /** Ready when the store answers a query and the group committer has not failed. */
    private void state(Exchange ex) throws Exception {
        ObjectNode out = Json.object().put("role", "leader");
        String problem = null;
        if (coordinator.committer().isFailed()) {
            problem = "a store commit failed; the coordinator acknowledges nothing more and must be restarted";
        } else {
            try {
                coordinator.executions(1);
            } catch (RuntimeException e) {
                problem = "the store does not answer: " + e.getMessage();
            }
        }
        out.put("status", problem == null ? "ready" : "unavailable");
        out.put("reason", problem);
        ex.json(problem == null ? 200 : 503, out);
    }
}
