package io.meridian.protocol.api;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An execution as {@code GET /v1/executions/{id}} shows it.
 *
 * @param status       running, paused, succeeded, failed or cancelled
 * @param checkpointId the latest checkpoint linked to it, or null
 * @param stages       by stage id, in the pipeline's order
 * @param outputs      the outputs of the final stages (those nothing depends on), by stage id
 */
public record ExecutionView(String executionId, String pipelineId, int pipelineVersion, String status, String error,
                            Instant createdAt, Instant updatedAt, long durationMs, String checkpointId,
                            JsonNode inputs, Map<String, StageView> stages, Map<String, JsonNode> outputs) {

    /** True once the execution can change no more. */
    public boolean hasEnded() {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }
}
