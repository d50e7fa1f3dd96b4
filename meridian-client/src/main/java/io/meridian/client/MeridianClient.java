package io.meridian.client;

import io.meridian.model.json.Json;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Java client of the coordinator's REST API ({@code /v1}). Responses are the API's JSON documents. Every
 * execution start carries a request id (generated when the caller gives none), so a retry after a lost response
 * returns the same execution instead of starting another.
 */
public final class MeridianClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpTransport transport;

    public MeridianClient(CoordinatorAddresses coordinators, String token) {
        this(coordinators, token, Duration.ofSeconds(30));
    }

    /**
     * A client that gives up on unreachable coordinators after {@code retryBudget} (a federation region that is
     * down must fail over in seconds, not after the default half minute).
     */
    public MeridianClient(CoordinatorAddresses coordinators, String token, Duration retryBudget) {
        this.transport = new HttpTransport(coordinators, token, retryBudget);
    }

    /** Starts a pipeline given as file text (JSON or YAML, by {@code fileName}'s extension). */
    public JsonNode startExecution(String pipelineText, String fileName, JsonNode inputs, String requestId) {
        ObjectNode body = Json.object();
        body.put("pipeline_text", pipelineText);
        body.put("pipeline_file", fileName);
        body.set("inputs", inputs == null ? Json.object() : inputs);
        body.put("request_id", requestId == null ? UUID.randomUUID().toString() : requestId);
        return transport.send("POST", "/v1/executions", body, TIMEOUT);
    }

    public JsonNode execution(String id) {
        return get("/v1/executions/" + encode(id));
    }

    /** The newest executions: {@code {items, next_cursor}}. */
    public JsonNode executions(int limit) {
        return executions(ExecutionFilter.newest(limit));
    }

    /** One page of executions matching the filter, newest first: {@code {items, next_cursor}}. */
    public JsonNode executions(ExecutionFilter filter) {
        return get("/v1/executions" + filter.queryString());
    }

    /** The execution's checkpoints, oldest first: {@code {items}}. */
    public JsonNode checkpoints(String executionId) {
        return get("/v1/executions/" + encode(executionId) + "/checkpoints");
    }

    /** Links a checkpoint to an execution ({@code stageId} and {@code metadata} may be null). */
    public JsonNode linkCheckpoint(String executionId, String checkpointId, String stageId, JsonNode metadata) {
        ObjectNode body = Json.object().put("checkpoint_id", checkpointId).put("stage_id", stageId);
        body.set("metadata", metadata);
        return post("/v1/executions/" + encode(executionId) + "/checkpoints", body);
    }

    /**
     * Takes a leased lock: the lock document ({@code lock_id}, {@code fencing_token}, {@code expires_at}, ...).
     * While another holder has it this throws an {@link ApiException} with status 409 and code {@code lock_held}.
     */
    public JsonNode acquireLock(String resource, String owner, Duration ttl) {
        return post("/v1/locks", Json.object().put("resource", resource).put("owner", owner)
                .put("ttl_ms", ttl.toMillis()));
    }

    /** Held locks whose resource starts with {@code prefix} (null for all): {@code {items}}. */
    public JsonNode locks(String prefix, int limit) {
        return get("/v1/locks?limit=" + limit + (prefix == null ? "" : "&prefix=" + Paths.query(prefix)));
    }

    /** The lock's holder; an {@link ApiException} with status 404 when it is free. */
    public JsonNode lock(String resource) {
        return get(Paths.lock(resource));
    }

    /** Moves the lock's expiry to now + {@code ttl}; an {@link ApiException} with 404 or 409 as for release. */
    public JsonNode extendLock(String resource, String lockId, Duration ttl) {
        return post(Paths.lock(resource) + "/extend", Json.object().put("lock_id", lockId)
                .put("ttl_ms", ttl.toMillis()));
    }

    /** Releases the lock; an {@link ApiException} with 404 if it is free, 409 if another lock id holds it. */
    public void releaseLock(String resource, String lockId) {
        transport.send("DELETE", Paths.lock(resource) + "?lock_id=" + Paths.query(lockId), null, TIMEOUT);
    }

    /** {@code action} is cancel, pause or resume. */
    public JsonNode executionAction(String id, String action) {
        return post("/v1/executions/" + encode(id) + "/" + action, Json.object());
    }

    public JsonNode workers() {
        return get("/v1/workers");
    }

    public JsonNode queueStats() {
        return get("/v1/queue/stats");
    }

    /** {@code action} is pause, resume or drain; {@code type} (nullable) limits pause/resume to one stage type. */
    public JsonNode queueAction(String action, String type) {
        return post("/v1/queue/" + action + (type == null ? "" : "?type=" + encode(type)), Json.object());
    }

    public JsonNode cleanQueue(java.util.List<String> states, long olderThanSeconds) {
        ObjectNode body = Json.object();
        states.forEach(body.putArray("states")::add);
        body.put("older_than_seconds", olderThanSeconds);
        return post("/v1/queue/clean", body);
    }

    public JsonNode jobs(String statuses, int limit) {
        return get("/v1/queue/jobs?status=" + encode(statuses) + "&limit=" + limit);
    }

    public JsonNode get(String path) {
        return transport.send("GET", path, null, TIMEOUT);
    }

    public JsonNode post(String path, Object body) {
        return transport.send("POST", path, body, TIMEOUT);
    }

    private static String encode(String s) {
        return Paths.segment(s);
    }
}
