package io.meridian.client;

import io.meridian.model.json.Json;
import io.meridian.protocol.state.CheckpointLink;
import io.meridian.protocol.state.LockGrant;
import io.meridian.protocol.state.TaskStateProtocol;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The task-state protocol over HTTP, for workers in other processes: locks ({@code /v1/locks}), checkpoints
 * ({@code /v1/executions/{id}/checkpoints}) and upstream outputs
 * ({@code /v1/executions/{id}/stages/{stage}/output}, where a 404 means "no output": empty). A 409 or 404 from the
 * lock routes is an answer (held by someone else, not held), not an error; a 400 becomes the
 * {@link IllegalArgumentException} the in-process engine would have thrown. Like every call of this client, a
 * call is retried after a connection failure, a 503 or a 429; should an acquire be retried after the coordinator
 * granted it (the answer lost on the way), the retry finds the lock held and the grant lapses after its TTL.
 */
public final class HttpTaskState implements TaskStateProtocol {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(60);
    private final HttpTransport transport;

    public HttpTaskState(CoordinatorAddresses coordinators, String token, Duration retryBudget) {
        this.transport = new HttpTransport(coordinators, token, retryBudget);
    }

    @Override
    public Optional<LockGrant> acquireLock(String resource, String owner, Duration ttl) {
        ObjectNode body = Json.object().put("resource", resource).put("owner", owner).put("ttl_ms", ttl.toMillis());
        return answer(() -> transport.send("POST", "/v1/locks", body, TIMEOUT, LockGrant.class));
    }

    @Override
    public boolean releaseLock(String resource, String lockId) {
        return answer(() -> {
            transport.send("DELETE", Paths.lock(resource) + "?lock_id=" + Paths.query(lockId), null, TIMEOUT);
            return Boolean.TRUE;
        }).isPresent();
    }

    @Override
    public Optional<LockGrant> extendLock(String resource, String lockId, Duration ttl) {
        ObjectNode body = Json.object().put("lock_id", lockId).put("ttl_ms", ttl.toMillis());
        return answer(() -> transport.send("POST", Paths.lock(resource) + "/extend", body, TIMEOUT, LockGrant.class));
    }

    @Override
    public Optional<LockGrant> lock(String resource) {
        return answer(() -> transport.send("GET", Paths.lock(resource), null, TIMEOUT, LockGrant.class));
    }

    @Override
    public void linkCheckpoint(CheckpointLink link) {
        ObjectNode body = Json.object().put("checkpoint_id", link.checkpointId()).put("stage_id", link.stageId());
        body.set("metadata", link.metadata());
        try {
            transport.send("POST", "/v1/executions/" + Paths.segment(link.executionId()) + "/checkpoints", body, TIMEOUT);
        } catch (ApiException e) {
            throw e.status() == 400 || e.status() == 404 ? new IllegalArgumentException(e.getMessage(), e) : e;
        }
    }

    @Override
    public Optional<JsonNode> stageOutput(String executionId, String stageId) {
        String path = "/v1/executions/" + Paths.segment(executionId) + "/stages/" + Paths.segment(stageId) + "/output";
        // An output can be large: the read gets more time than the small lock and checkpoint calls.
        return answer(() -> transport.send("GET", path, null, OUTPUT_TIMEOUT)).map(body -> body.get("output"));
    }

    /** The call's result, or empty when the coordinator answered 404 or 409. */
    private static <T> Optional<T> answer(java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (ApiException e) {
            if (e.status() == 404 || e.status() == 409) {
                return Optional.empty();
            }
            throw e.status() == 400 ? new IllegalArgumentException(e.getMessage(), e) : e;
        }
    }
}
