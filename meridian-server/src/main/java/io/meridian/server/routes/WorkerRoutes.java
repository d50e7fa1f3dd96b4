package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;
import static io.meridian.server.auth.Scope.WORKER;

import io.meridian.engine.Coordinator;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.model.json.Json;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker gateway: the lease protocol over HTTP, and the worker registry for people. Acting on a lease needs
 * the worker's incarnation, which only the registering process knows, so a worker token cannot touch another
 * worker's leases; and the attempt number fences every report.
 */
public final class WorkerRoutes {
    private final LeaseProtocol leases;
    private final Coordinator coordinator;

    public WorkerRoutes(LeaseProtocol leases, Coordinator coordinator) {
        this.leases = leases;
        this.coordinator = coordinator;
    }

    public void addTo(Routes r) {
        r.post("/v1/workers", WORKER, ex -> ex.json(201, leases.register(ex.body(WorkerRegistration.class))));
        r.post("/v1/workers/{id}/exchange", WORKER, this::exchange);
        r.post("/v1/workers/{id}/heartbeat", WORKER, this::exchange);
        r.delete("/v1/workers/{id}", WORKER, ex -> {
            leases.deregister(ex.path("id"));
            ex.noContent();
        });
        r.get("/v1/workers", CLIENT, ex -> ex.json(200, list()));
        r.get("/v1/workers/{id}", CLIENT, ex -> ex.json(200, coordinator.workers().stream()
                .filter(w -> w.id().equals(ex.path("id"))).findFirst().map(WorkerRoutes::view)
                .orElseThrow(() -> ApiError.notFound("worker " + ex.path("id")))));
        r.post("/v1/leases/{jobId}/{attempt}/complete", WORKER, this::complete);
    }

    private void exchange(Exchange ex) throws Exception {
        ExchangeRequest request = LongPollWait.admit(ex, ex.body(ExchangeRequest.class));
        if (!ex.path("id").equals(request.workerId())) {
            throw ApiError.badRequest("the path names worker '" + ex.path("id") + "' but the body names '"
                    + request.workerId() + "'");
        }
        ex.json(200, leases.exchange(request));
    }

    /** One result, outside a batch: 409 when its lease is no longer current. */
    private void complete(Exchange ex) throws Exception {
        JsonNode body = ex.bodyJson();
        LeaseRef lease = new LeaseRef(ex.path("jobId"), Integer.parseInt(ex.path("attempt")));
        JobReport report = body.has("failure")
                ? new JobReport.Failed(lease, Json.convert(body.get("failure"), FailureInfo.class))
                : new JobReport.Succeeded(lease, body.get("output"));
        ExchangeResponse r = leases.exchange(new ExchangeRequest(body.path("worker_id").asString(),
                body.path("incarnation").asString(), List.of(report), List.of(), 0, 0, 0));
        if (r.reregister() || !r.refused().isEmpty()) {
            throw new ApiError(409, "stale_lease", "job " + lease.jobId() + " attempt " + lease.attempt()
                    + " is not held by this worker any more; the result was refused and changed nothing");
        }
        ex.json(200, Json.object().put("accepted", true));
    }

    private ObjectNode list() {
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("workers");
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byCapability = new TreeMap<>();
        for (WorkerRegistry.Worker w : coordinator.workers()) {
            arr.add(view(w).put("breaker", coordinator.breakerState(w.id())));
            byStatus.merge(w.status().name().toLowerCase(), 1, Integer::sum);
            w.registration.capabilities().forEach(c -> byCapability.merge(c, 1, Integer::sum));
        }
        out.set("by_status", Json.toTree(byStatus));
        out.set("by_capability", Json.toTree(byCapability));
        return out;
    }

    static ObjectNode view(WorkerRegistry.Worker w) {
        var reg = w.registration;
        ObjectNode o = Json.object();
        o.put("id", w.id());
        o.put("status", w.status().name().toLowerCase());
        o.put("incarnation_started", w.registeredAt.toString());
        o.put("host", reg.host());
        o.put("pid", reg.pid());
        o.put("version", reg.version());
        o.put("region", reg.region());
        o.put("cost_per_hour", reg.costPerHour());
        o.set("capabilities", Json.toTree(reg.capabilities()));
        o.set("labels", Json.toTree(reg.labels()));
        o.put("cores", reg.cores());
        o.put("memory_mb", reg.memoryMb());
        o.put("gpus", reg.gpus());
        o.put("max_concurrency", reg.maxConcurrency());
        o.put("active_jobs", w.activeJobs());
        o.put("last_seen", w.lastSeen().toString());
        return o;
    }
}
