package io.meridian.engine.federation;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What running a region's part in this cluster needs from the leading coordinator: start an execution, follow it,
 * cancel it. The coordinator implements it, so federation never depends on the coordinator that contains it.
 */
public interface LocalExecutions {

    /** Starts (or, for a request id already used with the same request, finds) an execution. */
    ExecutionRecord startExecution(Pipeline pipeline, JsonNode inputs, String requestId);

    Optional<ExecutionRecord> execution(String id);

    Optional<ExecutionRecord> cancelExecution(String id);
}
