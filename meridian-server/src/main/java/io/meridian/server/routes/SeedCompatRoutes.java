package io.meridian.server.routes;

import static io.meridian.client.HttpLeaseProtocol.SECRET_HEADER;

import io.meridian.server.api.seed.SeedExecutionStart;
import io.meridian.server.api.seed.SeedHeartbeat;
import io.meridian.server.api.seed.SeedWorkerRegistration;
import io.meridian.server.http.Route;
import io.meridian.server.http.Routes;
import java.util.List;

/**
 * The seed's API (its "Phase 2.3.6" endpoints), served as a compatibility layer over /v1: each seed route runs
 * the handler of its /v1 route, under the same scope. Where the seed's request differs (camelCase bodies, a
 * registration without an incarnation, a heartbeat without leases), the seed body is bound strictly and turned
 * into the /v1 request first. Answers are the /v1 documents. The three {@code /health/*} routes are the same in
 * both. Documented in docs/seed-api.md and listed in the OpenAPI document.
 */
public final class SeedCompatRoutes {
    /** A seed route and the /v1 route whose handler and scope it uses as they are. */
    record Alias(String method, String seed, String v1) {}

    static final List<Alias> ALIASES = List.of(
            new Alias("GET", "/workers/list", "/v1/workers"),
            new Alias("GET", "/workers/{id}/status", "/v1/workers/{id}"),
            new Alias("DELETE", "/workers/{id}", "/v1/workers/{id}"),
            new Alias("GET", "/queue/stats", "/v1/queue/stats"),
            new Alias("POST", "/queue/pause", "/v1/queue/pause"),
            new Alias("POST", "/queue/resume", "/v1/queue/resume"),
            new Alias("GET", "/queue/jobs", "/v1/queue/jobs"),
            new Alias("POST", "/queue/jobs/{id}/cancel", "/v1/queue/jobs/{id}/cancel"),
            new Alias("GET", "/execute/{id}/status", "/v1/executions/{id}"),
            new Alias("POST", "/execute/{id}/pause", "/v1/executions/{id}/pause"),
            new Alias("POST", "/execute/{id}/resume", "/v1/executions/{id}/resume"));

    private final WorkerRoutes workers;
    private final ExecutionRoutes executions;

    public SeedCompatRoutes(WorkerRoutes workers, ExecutionRoutes executions) {
        this.workers = workers;
        this.executions = executions;
    }

    /** Adds the seed routes; {@code r} must already hold the /v1 routes they stand for. */
    public void addTo(Routes r) {
        for (Alias a : ALIASES) {
            Route v1 = v1(r, a.method(), a.v1());
            r.add(new Route(a.method(), a.seed(), v1.scope(), v1.handler()));
        }
        r.add(new Route("POST", "/workers/register", v1(r, "POST", "/v1/workers").scope(),
                ex -> workers.register(ex, ex.body(SeedWorkerRegistration.class).toRegistration())));
        r.add(new Route("POST", "/workers/{id}/heartbeat", v1(r, "POST", "/v1/workers/{id}/heartbeat").scope(),
                ex -> workers.exchange(ex, ex.body(SeedHeartbeat.class).toExchange(ex.path("id"),
                        ex.header(SECRET_HEADER)))));
        r.add(new Route("POST", "/execute/distributed", v1(r, "POST", "/v1/executions").scope(),
                ex -> executions.start(ex, ex.body(SeedExecutionStart.class).toStart())));
    }

    private static Route v1(Routes r, String method, String template) {
        return r.all().stream().filter(x -> x.method().equals(method) && x.template().equals(template)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the seed API stands on " + method + " " + template
                        + ", which is not registered"));
    }
}
