package io.meridian.engine.federation;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one region is asked to run: one stage, its resolved config and its dependencies' outputs.
 *
 * @param requestId      the idempotency key of this attempt in this region: a federated job delivered again
 *                       asks for the same run instead of starting a second one
 * @param timeoutSeconds the attempt's time limit
 * @param traceparent    the W3C trace context of the federated stage's handler call when traced (else null): the
 *                       region client sends it with its calls
 */
public record RegionTask(String requestId, String pipelineId, String stageId, String stageType, ObjectNode config,
                         Map<String, JsonNode> dependencies, int timeoutSeconds, String traceparent) {

    public RegionTask {
        dependencies = dependencies == null ? Map.of() : Map.copyOf(dependencies);
    }

    /** A task without trace context. */
    public RegionTask(String requestId, String pipelineId, String stageId, String stageType, ObjectNode config,
                      Map<String, JsonNode> dependencies, int timeoutSeconds) {
        this(requestId, pipelineId, stageId, stageType, config, dependencies, timeoutSeconds, null);
    }

    /** The same task with {@code input} set in its config (a data partition, or the previous region's output). */
    public RegionTask withInput(JsonNode input, boolean keepDependencies) {
        ObjectNode copy = config.deepCopy();
        copy.set("input", input);
        return new RegionTask(requestId, pipelineId, stageId, stageType, copy,
                keepDependencies ? dependencies : Map.of(), timeoutSeconds, traceparent);
    }

    public RegionTask withRequestId(String id) {
        return new RegionTask(id, pipelineId, stageId, stageType, config, dependencies, timeoutSeconds, traceparent);
    }
}
