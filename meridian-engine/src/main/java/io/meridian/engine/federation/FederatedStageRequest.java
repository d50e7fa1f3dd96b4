package io.meridian.engine.federation;

import io.meridian.model.pipeline.FederatedStageConfig;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One federated stage to run: which execution and stage it is (for idempotency keys), the stage's type, its
 * resolved config and dependency outputs, its federation section, and the trace context to send to the regions
 * (null when not traced).
 */
public record FederatedStageRequest(String executionId, String pipelineId, String stageId, String stageType,
                                    ObjectNode config, Map<String, JsonNode> dependencies,
                                    FederatedStageConfig federation, String traceparent) {

    public FederatedStageRequest {
        dependencies = dependencies == null ? Map.of() : Map.copyOf(dependencies);
    }

    /** A request without trace context. */
    public FederatedStageRequest(String executionId, String pipelineId, String stageId, String stageType,
                                 ObjectNode config, Map<String, JsonNode> dependencies,
                                 FederatedStageConfig federation) {
        this(executionId, pipelineId, stageId, stageType, config, dependencies, federation, null);
    }

    /** The same request whose region calls carry {@code value} as their traceparent. */
    public FederatedStageRequest withTraceparent(String value) {
        return new FederatedStageRequest(executionId, pipelineId, stageId, stageType, config, dependencies,
                federation, value);
    }

    /** The data the stage works on: its config's {@code input}, else its single dependency's output, else all of them. */
    public JsonNode data() {
        if (config.has("input")) {
            return config.get("input");
        }
        if (dependencies.size() == 1) {
            return dependencies.values().iterator().next();
        }
        ObjectNode all = config.objectNode();
        dependencies.forEach(all::set);
        return all;
    }

    /** The task one region runs, before any partitioning; the request id is completed per region and attempt. */
    RegionTask task() {
        return new RegionTask("fed:" + executionId + ":" + stageId, pipelineId, stageId, stageType, config,
                dependencies, federation.timeoutSeconds(), traceparent);
    }
}
