package io.meridian.protocol.state;

import tools.jackson.databind.JsonNode;

/** Links a checkpoint (state a task saved elsewhere) to its execution; {@code stageId} and {@code metadata} may be null. */
public record CheckpointLink(String executionId, String checkpointId, String stageId, JsonNode metadata) {}
