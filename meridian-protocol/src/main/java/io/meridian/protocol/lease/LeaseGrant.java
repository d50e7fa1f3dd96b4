package io.meridian.protocol.lease;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A job handed to a worker.
 *
 * @param payload         the handler's input (resolved config, dependency outputs)
 * @param idempotencyKey  stable across attempts: execution id / stage id / item index
 * @param deadline        the attempt's time limit; the worker stops the handler then
 */
public record LeaseGrant(LeaseRef lease, String type, JsonNode payload, String idempotencyKey, int priority,
                         Instant leaseExpiresAt, Instant deadline, String executionId, String stageId,
                         int itemIndex) {}
