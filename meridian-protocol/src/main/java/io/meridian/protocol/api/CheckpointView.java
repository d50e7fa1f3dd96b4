package io.meridian.protocol.api;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A checkpoint linked to an execution; {@code stageId} and {@code metadata} may be null. */
public record CheckpointView(String executionId, String checkpointId, String stageId, JsonNode metadata,
                             Instant createdAt) {}
