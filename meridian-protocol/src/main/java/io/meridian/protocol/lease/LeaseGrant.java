package io.meridian.protocol.lease;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A job handed to a worker.
 *
 * @param payload           the handler's input (resolved config, item, references to dependency outputs)
 * @param idempotencyKey    stable across attempts: execution id / stage id / item index
 * @param deadline          the attempt's time limit; the worker stops the handler then
 * @param placementStrategy the strategy that placed the job (null: the coordinator's default)
 * @param affinityKey       with the {@code affinity} strategy, the job's key: a worker may keep per-key state warm
 * @param traceparent       the W3C trace context of this attempt's span when tracing is on (null, and absent on
 *                          the wire, when it is off): the worker's handler span is its child
 */
public record LeaseGrant(LeaseRef lease, String type, JsonNode payload, String idempotencyKey, int priority,
                         Instant leaseExpiresAt, Instant deadline, String executionId, String stageId,
                         int itemIndex, String placementStrategy, String affinityKey,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {

    /** A grant without trace context. */
    public LeaseGrant(LeaseRef lease, String type, JsonNode payload, String idempotencyKey, int priority,
                      Instant leaseExpiresAt, Instant deadline, String executionId, String stageId, int itemIndex,
                      String placementStrategy, String affinityKey) {
        this(lease, type, payload, idempotencyKey, priority, leaseExpiresAt, deadline, executionId, stageId, itemIndex,
                placementStrategy, affinityKey, null);
    }

    /** A grant for a job placed by the coordinator's default strategy. */
    public LeaseGrant(LeaseRef lease, String type, JsonNode payload, String idempotencyKey, int priority,
                      Instant leaseExpiresAt, Instant deadline, String executionId, String stageId, int itemIndex) {
        this(lease, type, payload, idempotencyKey, priority, leaseExpiresAt, deadline, executionId, stageId, itemIndex,
                null, null);
    }
}
