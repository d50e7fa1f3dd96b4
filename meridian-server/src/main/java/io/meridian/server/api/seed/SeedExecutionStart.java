package io.meridian.server.api.seed;

import io.meridian.server.api.ExecutionStart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of the seed's {@code POST /execute/distributed}, in camelCase: the pipeline ({@code pipeline}, or
 * {@code pipelineText} with {@code pipelineFile}, or a registered {@code workflowId} (the seed's name for a
 * pipeline id) with {@code version}), its {@code inputs} and an optional {@code requestId}.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record SeedExecutionStart(String workflowId, Integer version, JsonNode pipeline, String pipelineText,
                                 String pipelineFile, JsonNode inputs, String requestId) {

    public ExecutionStart toStart() {
        return new ExecutionStart(pipeline, pipelineText, pipelineFile, workflowId, version, inputs, requestId);
    }
}
