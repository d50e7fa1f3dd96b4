package io.meridian.server.routes;

import static io.meridian.client.HttpLeaseProtocol.SECRET_HEADER;
import static io.meridian.server.auth.Scope.CLIENT;
import static io.meridian.server.auth.Scope.WORKER;

import io.meridian.engine.Coordinator;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.engine.registry.WorkerSecretMismatch;
import io.meridian.model.json.Json;
import io.meridian.model.text.FieldRules;
import io.meridian.model.text.Printable;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.WorkerIdInUse;
import io.meridian.protocol.lease.WorkerLimitReached;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.server.api.Fields;
import io.meridian.server.api.LeaseResult;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker gateway: the lease protocol over HTTP, and the worker registry for people. Every worker of a fleet
 * may share one worker token, so the token alone does not say which worker is calling: registering returns a
 * session secret that only the registering process learns, and exchanging, completing and deregistering as that
 * worker need it (a live worker's id cannot be registered again without it either). An admin token may remove
 * any worker. The attempt number fences every report.
 */
public final class WorkerRoutes {
    private final LeaseProtocol leases;
    private final Coordinator coordinator;
    private final Tokens tokens;
    private final long maxBodyBytes;
    private final WorkerPresence presence;

    /** {@code maxBodyBytes}: the server's request body limit, told to workers so their exchanges stay under it. */
    public WorkerRoutes(LeaseProtocol leases, Coordinator coordinator, Tokens tokens, long maxBodyBytes) {
        this(leases, coordinator, tokens, maxBodyBytes, null);
    }

    /** With {@code presence} (may be null) told of every exchange, to notice a worker's connections closing. */
    public WorkerRoutes(LeaseProtocol leases, Coordinator coordinator, Tokens tokens, long maxBodyBytes,
                        WorkerPresence presence) {
        this.presence = presence;
        this.leases = leases;
        this.coordinator = coordinator;
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void addTo(Routes r) {
        r.post("/v1/workers", WORKER, this::register);
        r.post("/v1/workers/{id}/exchange", WORKER, this::exchange);
        r.post("/v1/workers/{id}/heartbeat", WORKER, this::exchange);
        r.delete("/v1/workers/{id}", WORKER, this::deregister);
        r.get("/v1/workers", CLIENT, ex -> ex.json(200, list()));
        r.get("/v1/workers/{id}", CLIENT, ex -> ex.json(200, coordinator.workers().stream()
                .filter(w -> w.id().equals(ex.path("id"))).findFirst().map(WorkerRoutes::view)
                .orElseThrow(() -> ApiError.notFound("worker " + ex.path("id")))));
        r.post("/v1/leases/{jobId}/{attempt}/complete", WORKER, this::complete);
    }

    private void register(Exchange ex) throws Exception {
        register(ex, ex.body(WorkerRegistration.class));
    }

    /** Registers, answering 201 with the session; shared with the seed's {@code POST /workers/register}. */
    void register(Exchange ex, WorkerRegistration registration) throws Exception {
        try {
            ex.json(201, Fields.run(() -> leases.register(registration, ex.header(SECRET_HEADER)))
                    .withMaxRequestBytes(maxBodyBytes));
        } catch (WorkerIdInUse e) {
            throw new ApiError(409, WorkerIdInUse.CODE, e.getMessage());
        } catch (WorkerLimitReached e) {
            throw new ApiError(503, WorkerLimitReached.CODE, e.getMessage()); // retried: workers come and go
        }
    }

    private void exchange(Exchange ex) throws Exception {
        exchange(ex, ex.body(ExchangeRequest.class));
    }

    /** One exchange (or heartbeat) of the worker the path names; shared with the seed's heartbeat. */
    void exchange(Exchange ex, ExchangeRequest body) throws Exception {
        String id = Fields.require(FieldRules.WORKER_ID, "worker id (path)", ex.path("id"));
        ExchangeRequest request = LongPollWait.admit(ex, body);
        if (!id.equals(request.workerId())) {
            throw ApiError.badRequest("the path names worker '" + id + "' but the body names "
                    + Printable.quote(request.workerId()));
        }
        if (presence == null) {
            ex.json(200, leases.exchange(request));
            return;
        }
        presence.seen(ex, request.workerId(), request.incarnation(), request.sessionSecret());
        ExchangeResponse answer;
        try (AutoCloseable watch = request.waitMillis() > 0 && request.wantJobs() > 0 ? ex.watchForDisconnect() : null) {
            answer = leases.exchange(request);
        }
        ex.json(200, answer);
    }

    /**
     * A worker deregisters itself with its session secret ({@value #SECRET_HEADER} header); without one, only an
     * admin token may remove a worker.
     */
    private void deregister(Exchange ex) throws Exception {
        String id = Fields.require(FieldRules.WORKER_ID, "worker id (path)", ex.path("id"));
        String secret = ex.header(SECRET_HEADER);
        if (secret != null) {
            try {
                leases.deregister(id, secret);
            } catch (WorkerSecretMismatch e) {
                throw new ApiError(403, "worker_secret_mismatch", e.getMessage());
            }
        } else if (isAdmin(ex)) {
            coordinator.removeWorker(id);
        } else {
            throw new ApiError(403, "worker_secret_required", "deregistering worker '" + id + "' needs its session "
                    + "secret (the " + SECRET_HEADER + " header, from its registration), or an admin token");
        }
        ex.noContent();
    }

    private boolean isAdmin(Exchange ex) {
        String header = ex.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && tokens.authenticate(header.substring(7).strip()).map(who -> who.allows(Scope.ADMIN)).orElse(false);
    }

    /** One result, outside a batch: 409 when its lease is no longer current (or the secret does not match). */
    private void complete(Exchange ex) throws Exception {
        LeaseResult body = ex.body(LeaseResult.class);
        String attempt = ex.path("attempt");
        if (!attempt.matches("[0-9]{1,9}")) {
            throw ApiError.badRequest("the attempt in the path must be a number, got " + Printable.quote(attempt));
        }
        LeaseRef lease = new LeaseRef(ex.path("jobId"), Integer.parseInt(attempt));
        JobReport report = body.failure() != null
                ? new JobReport.Failed(lease, body.failure())
                : new JobReport.Succeeded(lease, body.output());
        String workerId = Fields.require(FieldRules.WORKER_ID, "worker_id", body.workerId());
        ExchangeResponse r = leases.exchange(new ExchangeRequest(workerId, body.incarnation() == null ? ""
                : body.incarnation(), List.of(report), List.of(), 0, 0, 0, body.sessionSecret()));
        if (r.reregister() || !r.refused().isEmpty()) {
            throw new ApiError(409, "stale_lease", "job " + Printable.quote(lease.jobId()) + " attempt "
                    + lease.attempt() + " is not held by this worker (or the session secret does not match); the "
                    + "result was refused and changed nothing");
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
        o.put("node_type", reg.nodeType());
        o.put("cost_per_hour", reg.costPerHour());
        o.set("capabilities", Json.toTree(reg.capabilities()));
        o.set("stage_types", reg.stageTypes() == null ? null : Json.toTree(reg.stageTypes()));
        o.set("labels", Json.toTree(reg.labels()));
        o.put("cores", reg.cores());
        o.put("memory_mb", reg.memoryMb());
        o.put("gpus", reg.gpus());
        o.put("max_concurrency", reg.maxConcurrency());
        o.put("active_jobs", w.activeJobs());
        o.put("draining", w.draining());
        o.put("last_seen", w.lastSeen().toString());
        o.put("offline_since", w.offlineSince() == null ? null : w.offlineSince().toString());
        return o;
    }
}
