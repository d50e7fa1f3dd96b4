package io.meridian.store.query;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A checkpoint linked to an execution: the id of state a task saved elsewhere (a model snapshot, an offset),
 * so a restart can find where to continue. {@code stageId} and {@code metadata} may be null.
 */
public record Checkpoint(String executionId, String checkpointId, String stageId, JsonNode metadata,
                         Instant createdAt) {}
