package io.meridian.engine.federation;

import io.meridian.model.codec.FederationJson;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.Requirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A federated stage is a durable job like any other, of type {@value #TYPE}, which only a worker with the reserved
 * capability {@value #CAPABILITY} takes: the coordinator's own federation runner. So leases, deadlines, retries,
 * recovery after a restart or failover, cancel and pause all apply unchanged. Its payload carries the stage's
 * type, resolved config, references to the dependency outputs and the federation section; the runner's worker
 * resolves the references as any worker does.
 */
public final class FederatedJobs {
    public static final String TYPE = "meridian.federation";
    public static final String CAPABILITY = "meridian.federation";
    public static final Requirements REQUIREMENTS = new Requirements(List.of(CAPABILITY), 0, 0, 0);

    private FederatedJobs() {}

    /** Adds what the runner needs to an ordinary job payload (config and dependency references are already there). */
    public static void describe(ObjectNode payload, String executionId, String pipelineId, String stageId,
                                String stageType, FederatedStageConfig f) {
        payload.put("execution_id", executionId);
        payload.put("stage_id", stageId);
        payload.put("stage_type", stageType);
        payload.put("pipeline_id", pipelineId);
        payload.set("federation", FederationJson.toJson(f));
    }

    /** The request a federated job's payload describes, with the dependency outputs its references resolved to. */
    public static FederatedStageRequest request(JsonNode payload, JsonNode resolvedDependencies) {
        String executionId = payload.path("execution_id").asString();
        String stageId = payload.path("stage_id").asString();
        Map<String, JsonNode> dependencies = new LinkedHashMap<>();
        resolvedDependencies.properties().forEach(e -> dependencies.put(e.getKey(), e.getValue()));
        JsonNode config = payload.path("config");
        return new FederatedStageRequest(executionId, payload.path("pipeline_id").asString(), stageId,
                payload.path("stage_type").asString(),
                config.isObject() ? (ObjectNode) config : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                dependencies, FederationJson.fromJson(payload.path("federation")));
    }
}
