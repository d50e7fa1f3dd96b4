package io.meridian.store;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.pipeline.Pipeline;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One run of a pipeline. The pipeline is kept as it was at submission, so a resumed execution runs the same
 * definition even if the file changed since.
 *
 * @param requestId the client's idempotency key, or null
 */
public record ExecutionRecord(String id, Pipeline pipeline, JsonNode inputs, ExecutionStatus status,
                              Map<String, StageRun> stages, String error, String requestId,
                              Instant createdAt, Instant updatedAt) {

    public ExecutionRecord {
        stages = Map.copyOf(stages);
    }
}
