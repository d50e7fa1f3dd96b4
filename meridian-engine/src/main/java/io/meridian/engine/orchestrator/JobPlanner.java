package io.meridian.engine.orchestrator;

import io.meridian.engine.federation.FederatedJobs;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.template.TemplateException;
import io.meridian.model.template.TemplateResolver;
import io.meridian.model.template.TemplateScope;
import io.meridian.store.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns a ready stage into jobs: resolves its templates against the inputs and upstream outputs, expands a
 * foreach into one job per item, and packs each job's payload (resolved config, dependency outputs, item).
 */
final class JobPlanner {

    /** Thrown when a stage cannot be planned (a template or foreach resolves to nothing usable). */
    static final class PlanningFailure extends RuntimeException {
        PlanningFailure(String message) {
            super(message);
        }
    }

    List<JobSpec> plan(ExecutionState execution, StageState stageState) {
        Stage stage = stageState.stage;
        Map<String, JsonNode> outputs = upstreamOutputs(execution);
        try {
            if (stage.foreach() == null) {
                TemplateScope scope = new TemplateScope(execution.inputs, outputs, null, -1);
                return List.of(spec(execution, stage, scope, null, -1, outputs));
            }
            JsonNode items = TemplateResolver.resolve(StringNode.valueOf(stage.foreach().items()),
                    new TemplateScope(execution.inputs, outputs, null, -1));
            if (!items.isArray()) {
                throw new PlanningFailure("foreach " + stage.foreach().items() + " resolved to "
                        + items.getNodeType().name().toLowerCase() + ", expected a list");
            }
            List<JobSpec> specs = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                TemplateScope scope = new TemplateScope(execution.inputs, outputs, items.get(i), i);
                specs.add(spec(execution, stage, scope, items.get(i), i, outputs));
            }
            return specs;
        } catch (TemplateException e) {
            throw new PlanningFailure(e.getMessage());
        }
    }

    private static JobSpec spec(ExecutionState execution, Stage stage, TemplateScope scope, JsonNode item,
                                int index, Map<String, JsonNode> outputs) {
        ObjectNode payload = Json.object();
        payload.set("config", stage.config() == null ? Json.object() : TemplateResolver.resolve(stage.config(), scope));
        ObjectNode deps = payload.putObject("dependencies");
        stage.dependsOn().forEach(d -> deps.set(d, outputs.get(d)));
        if (stage.placement() != null) {
            ObjectNode placement = payload.putObject("placement");
            placement.put("strategy", stage.placement().strategy());
            if (stage.placement().affinityKey() != null) {
                JsonNode key = TemplateResolver.resolve(StringNode.valueOf(stage.placement().affinityKey()), scope);
                placement.put("affinity_key", key.isString() ? key.asString() : key.toString());
            }
        }
        ObjectNode secretRefs = SecretReferences.of(stage.config());
        if (!secretRefs.isEmpty()) {
            payload.set("secret_refs", secretRefs);
        }
        if (item != null) {
            payload.set("item", item);
            payload.put("item_index", index);
        }
        if (stage.federation() != null && execution.pipeline.federation().enabled()) {
            FederatedJobs.describe(payload, execution.id, execution.pipeline.id(), stage.id(), stage.type(), stage.federation());
            return new JobSpec(FederatedJobs.TYPE, payload, stage.priority(), FederatedJobs.REQUIREMENTS, stage.retry(),
                    stage.timeoutSeconds(), execution.id, stage.id(), index);
        }
        return new JobSpec(stage.type(), payload, stage.priority(), stage.requires(), stage.retry(),
                stage.timeoutSeconds(), execution.id, stage.id(), index);
    }

    private static Map<String, JsonNode> upstreamOutputs(ExecutionState execution) {
        Map<String, JsonNode> outputs = new HashMap<>();
        execution.stages.forEach((id, s) -> {
            if (s.output != null) {
                outputs.put(id, s.output);
            }
        });
        return outputs;
    }
}
