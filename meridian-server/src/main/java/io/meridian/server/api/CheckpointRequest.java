package io.meridian.server.api;

import tools.jackson.databind.JsonNode;

/** Body of {@code POST /v1/executions/{id}/checkpoints}: {@code stage_id} and {@code metadata} are optional. */
public record CheckpointRequest(String checkpointId, String stageId, JsonNode metadata) {}
