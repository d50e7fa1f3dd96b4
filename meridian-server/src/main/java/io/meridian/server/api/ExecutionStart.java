package io.meridian.server.api;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/executions}: the pipeline (one of {@code pipeline}, {@code pipeline_text} with
 * {@code pipeline_file}, or {@code pipeline_id} with {@code version}), its {@code inputs} and an optional
 * {@code request_id}. Unknown fields are refused, so a misspelled {@code inputs} never runs on the defaults.
 */
public record ExecutionStart(JsonNode pipeline, String pipelineText, String pipelineFile, String pipelineId,
                             Integer version, JsonNode inputs, String requestId) {}
