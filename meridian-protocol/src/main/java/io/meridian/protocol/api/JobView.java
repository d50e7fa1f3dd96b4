package io.meridian.protocol.api;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A queued job as {@code GET /v1/queue/jobs/{id}} shows it. {@code executionId}, {@code stageId} are null and
 * {@code itemIndex} -1 for a job submitted straight to the queue.
 *
 * @param status waiting, delayed, paused, leased, running, succeeded, failed, cancelled or dead
 */
public record JobView(String id, String type, String status, int priority, int attempt, int failures,
                      String executionId, String stageId, int itemIndex, String idempotencyKey,
                      String placementStrategy, String affinityKey, String workerId, JsonNode result, String error,
                      Instant createdAt, Instant updatedAt) {}
