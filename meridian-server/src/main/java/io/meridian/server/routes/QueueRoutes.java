package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.ADMIN;
import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.engine.Coordinator;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.JobStatusWords;
import io.meridian.model.codec.JobRules;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.text.FieldRules;
import io.meridian.model.text.Printable;
import io.meridian.server.api.Fields;
import io.meridian.server.api.JobSubmission;
import io.meridian.server.api.QueueCleanRequest;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The job queue: stats, pause/resume/drain/clean (admin), jobs by status, submit, get, cancel, retry. */
public final class QueueRoutes {
    /**
     * The most jobs one listing returns. A listing is read whole from the store and answered in one document (it has
     * no pages yet), so this bounds the leader's memory for one request, not the convenience of a large audit.
     */
    static final int MAX_JOBS_LISTED = 100_000;

    private final Coordinator coordinator;
    private final Set<String> knownTypes;

    /** @param knownTypes stage types the cluster can run (null: any), the same list pipelines are checked against */
    public QueueRoutes(Coordinator coordinator, Set<String> knownTypes) {
        this.coordinator = coordinator;
        this.knownTypes = knownTypes;
    }

    public void addTo(Routes r) {
        r.get("/v1/queue/stats", CLIENT, ex -> ex.json(200, stats()));
        r.post("/v1/queue/pause", ADMIN, ex -> {
            ex.noBody();
            coordinator.pauseQueue(ex.query("type"));
            ex.json(200, coordinator.queueStats());
        });
        r.post("/v1/queue/resume", ADMIN, ex -> {
            ex.noBody();
            coordinator.resumeQueue(ex.query("type"));
            ex.json(200, coordinator.queueStats());
        });
        r.post("/v1/queue/drain", ADMIN, ex -> {
            ex.noBody();
            ex.json(200, Json.object().put("cancelled", coordinator.drainQueue()));
        });
        r.post("/v1/queue/clean", ADMIN, this::clean);
        r.get("/v1/queue/jobs", CLIENT, this::list);
        r.post("/v1/queue/jobs", CLIENT, this::submit);
        r.get("/v1/queue/jobs/{id}", CLIENT, ex -> {
            jobId(ex);
            ObjectNode job = view(coordinator.job(ex.path("id")).orElseThrow(() -> ApiError.notFound("job " + ex.path("id"))));
            coordinator.jobProgress(ex.path("id")).ifPresent(p -> {
                job.put("progress", p.getKey());
                job.set("log", Json.toTree(p.getValue()));
            });
            ex.json(200, job);
        });
        r.post("/v1/queue/jobs/{id}/cancel", CLIENT, ex -> {
            ex.noBody();
            jobId(ex);
            if (!coordinator.cancelJob(ex.path("id"))) {
                throw new ApiError(409, "conflict", "job " + ex.path("id") + " is not live (unknown or finished)");
            }
            ex.json(200, view(coordinator.job(ex.path("id")).orElseThrow()));
        });
        r.post("/v1/queue/jobs/{id}/retry", CLIENT, ex -> {
            ex.noBody();
            ex.json(200, view(retry(jobId(ex))));
        });
    }

    /** Queue stats, plus the waiting jobs no registered worker can ever run and why. */
    private JobRecord retry(String id) {
        try {
            return coordinator.retryJob(id).orElseThrow(() -> new ApiError(409, "conflict", "job " + id
                    + " cannot be retried (unknown or still live)"));
        } catch (io.meridian.model.execution.IllegalJobTransition refused) {
            throw new ApiError(409, "conflict", refused.getMessage());
        }
    }

    private ObjectNode stats() {
        ObjectNode out = (ObjectNode) Json.toTree(coordinator.queueStats());
        var arr = out.putArray("unschedulable");
        coordinator.unschedulable().forEach(u -> arr.addObject().put("type", u.type()).put("jobs", u.jobs())
                .put("reason", u.reason()).set("requires", Json.toTree(u.requires())));
        return out;
    }

    private void clean(Exchange ex) throws Exception {
        QueueCleanRequest body = ex.body(QueueCleanRequest.class);
        Set<JobStatus> states = statuses(body.requiredStates());
        ex.json(200, Json.object().put("deleted", coordinator.cleanQueue(states, Duration.ofSeconds(body.ageSeconds()))));
    }

    private void list(Exchange ex) throws Exception {
        String status = ex.query("status") == null ? "waiting" : ex.query("status");
        int limit = ex.queryInt("limit", 100);
        if (limit < 1 || limit > MAX_JOBS_LISTED) {
            throw ApiError.badRequest("limit must be an integer from 1 to " + MAX_JOBS_LISTED + ", got " + limit);
        }
        List<JobRecord> jobs = coordinator.jobs(statuses(List.of(status.split(","))), limit);
        ObjectNode out = Json.object();
        var arr = out.putArray("jobs");
        jobs.forEach(j -> arr.add(view(j)));
        ex.json(200, out);
    }

    private static String jobId(Exchange ex) {
        return Fields.require(FieldRules.RECORD_ID, "job id (path)", ex.path("id"));
    }

    /**
     * One job ({type, config, priority, timeout_seconds, retry, requires, placement}) or {jobs: [...]}, checked
     * by the rules pipeline stages obey ({@link JobRules}); with one job, {@code not_before} (an ISO-8601 instant)
     * delays it. See {@link JobSubmission}.
     */
    private void submit(Exchange ex) throws Exception {
        JobSubmission body = ex.body(JobSubmission.class);
        List<JobSubmission> items = body.items();
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            specs.add(spec(items.get(i), body.jobs() == null ? "" : "jobs[" + i + "].", knownTypes));
        }
        Instant notBefore = notBefore(body.notBefore());
        List<String> ids = specs.size() == 1 && notBefore != null
                ? List.of(coordinator.submit(specs.get(0), notBefore).id()) : coordinator.submitAll(specs);
        ObjectNode out = Json.object();
        out.set("ids", Json.toTree(ids));
        ex.json(201, out);
    }

    private static Instant notBefore(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiError(400, "invalid_field", "not_before must be an ISO-8601 instant such as "
                    + "2026-12-07T09:30:00Z, got " + Printable.quote(value), Json.object()
                    .put("field", "not_before").put("rule", "instant").put("limit", 0));
        }
    }

    static JobSpec spec(JobSubmission j, String where, Set<String> knownTypes) {
        String type = Fields.require(FieldRules.JOB_TYPE, where + "type", j.type());
        int priority = integer(j.priority(), "priority", 5, where);
        int timeout = integer(j.timeoutSeconds(), "timeout_seconds", 3600, where);
        RetryPolicy retry = j.retry() != null && !j.retry().isNull() ? retry(j.retry()) : RetryPolicy.DEFAULT;
        Requirements req = j.requires() != null ? j.requires() : Requirements.NONE;
        List<JobRules.Problem> problems = JobRules.check(type, priority, timeout, retry, req, knownTypes);
        if (!problems.isEmpty()) {
            throw new ApiError(400, "validation_failed", problems.stream().map(p -> where + p).collect(
                    java.util.stream.Collectors.joining("; ")), Json.toTree(problems.stream()
                    .map(p -> java.util.Map.of("field", where + p.field(), "message", p.message())).toList()));
        }
        ObjectNode payload = Json.object();
        JsonNode config = j.handlerConfig(where);
        payload.set("config", config == null || config.isNull() ? Json.object() : config);
        JobSpec spec = new JobSpec(type, payload, priority, req, retry, timeout, null, null, -1);
        if (j.placement() == null) {
            return spec;
        }
        // The job's own placement, overriding the coordinator's default: a field of the job, not of its payload.
        try {
            return spec.withPlacement(j.placement().strategy(), j.placement().affinityKey());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + "placement: " + e.getMessage());
        }
    }

    /** A partial retry policy (say just max_retries) takes the default's other settings, as in a pipeline. */
    private static RetryPolicy retry(JsonNode given) {
        if (!given.isObject()) {
            throw new ApiError(400, "invalid_type", "retry must be an object such as {\"max_retries\": 3}");
        }
        ObjectNode merged = (ObjectNode) Json.toTree(RetryPolicy.DEFAULT);
        given.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        return Json.convert(merged, RetryPolicy.class);
    }

    /** An integer field, or {@code fallback} when absent; a fraction, a string or a value past int is refused. */
    private static int integer(JsonNode v, String field, int fallback, String where) {
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ApiError(400, "invalid_type", where + field + " must be an integer, got " + Printable.quote(
                    v.toString()));
        }
        return v.asInt();
    }

    private static Set<JobStatus> statuses(List<String> names) {
        Set<JobStatus> out = EnumSet.noneOf(JobStatus.class);
        for (String n : names) {
            out.add(JobStatusWords.parse(n)); // IllegalArgumentException: 400 naming the states there are
        }
        return out;
    }

    static ObjectNode view(JobRecord j) {
        ObjectNode o = Json.object();
        o.put("id", j.id());
        o.put("type", j.spec().type());
        o.put("status", JobStatusWords.word(j.state().status()));
        o.put("priority", j.spec().priority());
        o.put("attempt", j.state().attempt());
        o.put("failures", j.state().failures());
        o.put("execution_id", j.spec().executionId());
        o.put("stage_id", j.spec().stageId());
        o.put("item_index", j.spec().itemIndex());
        o.put("idempotency_key", j.spec().idempotencyKey(j.id()));
        o.put("placement_strategy", j.spec().placementStrategy());
        o.put("affinity_key", j.spec().affinityKey());
        o.put("worker_id", j.state().workerId());
        o.set("result", j.state().result());
        o.put("error", j.state().error());
        o.put("created_at", j.createdAt().toString());
        o.put("updated_at", j.state().updatedAt() == null ? null : j.state().updatedAt().toString());
        return o;
    }
}
