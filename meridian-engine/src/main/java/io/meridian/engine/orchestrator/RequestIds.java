package io.meridian.engine.orchestrator;

import io.meridian.model.codec.PipelineJson;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Request ids of starts that are written but not yet committed. The store's unique index on request ids would
 * otherwise be the only guard against two concurrent starts with one id, and a unique violation there fails the
 * whole commit batch (every other client's writes with it). Used under the engine's state lock.
 */
public final class RequestIds {
    private final Map<String, String> inFlight = new HashMap<>();
    /** What each in-flight start wrote: it may be over (and out of the orchestrator) before its commit lands. */
    private final Map<String, ExecutionRecord> written = new HashMap<>();

    /** The execution already starting under {@code requestId}, or null after recording {@code executionId}. */
    public String claim(String requestId, String executionId) {
        return inFlight.putIfAbsent(requestId, executionId);
    }

    /** The start that holds the claim on {@code requestId} wrote {@code record}. */
    public void written(String requestId, ExecutionRecord record) {
        written.put(requestId, record);
    }

    /** The record written by the in-flight start under {@code requestId}, if any. */
    public java.util.Optional<ExecutionRecord> inFlightRecord(String requestId) {
        return java.util.Optional.ofNullable(written.get(requestId));
    }

    /** The start of {@code executionId} is committed (or failed): the store answers for its request id now. */
    public void release(String requestId, String executionId) {
        if (inFlight.remove(requestId, executionId)) {
            written.remove(requestId);
        }
    }

    /** Throws {@link RequestIdConflict} unless {@code existing} was started with this pipeline and these inputs. */
    public static void requireSame(String requestId, ExecutionRecord existing, Pipeline pipeline, JsonNode inputs) {
        Pipeline first = existing.pipeline();
        if (!first.id().equals(pipeline.id()) || first.version() != pipeline.version()) {
            throw new RequestIdConflict(requestId, existing.id(), "pipeline '" + first.id() + "' version "
                    + first.version() + " (this request names '" + pipeline.id() + "' version " + pipeline.version()
                    + ")");
        }
        if (!PipelineJson.toJson(first).equals(PipelineJson.toJson(pipeline))) {
            throw new RequestIdConflict(requestId, existing.id(), "a different definition of pipeline '"
                    + first.id() + "' version " + first.version());
        }
        if (!Objects.equals(normal(existing.inputs()), normal(inputs))) {
            throw new RequestIdConflict(requestId, existing.id(), "different inputs");
        }
    }

    /** Absent inputs and an empty object mean the same. */
    private static JsonNode normal(JsonNode inputs) {
        return inputs == null || inputs.isNull() || inputs.isEmpty() && inputs.isObject() ? null : inputs;
    }
}
