package io.meridian.server.api;

import tools.jackson.databind.JsonNode;

/** The body of {@code POST /v1/federation/stages}: one federated stage's pipeline, its inputs and a request id. */
public record RegionStageStart(JsonNode pipeline, JsonNode inputs, String requestId) {}
