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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns a ready stage into jobs: resolves its templates against the inputs and upstream outputs, expands a
 * foreach into one job per item, and packs each job's payload: resolved config, item, and references to the
 * upstream outputs ({@value #DEPENDENCY_REFS}: stage ids of the job's execution), never copies of them, so a job is
 * O(its own data) and a fan-out of N is O(N) to store. Workers read the referenced outputs when a handler asks.
 * The stage's {@link ExecutionLimits} are checked here, before anything reaches the queue.
 */
final class JobPlanner {
    /** The payload field listing the stages whose outputs a job reads, in {@code depends_on} order. */
    static final String DEPENDENCY_REFS = "dependency_refs";

    /** Thrown when a stage cannot be planned (a template or foreach resolves to nothing usable, or a limit). */
    static final class PlanningFailure extends RuntimeException {
        PlanningFailure(String message) {
            super(message);
        }
    }

    private final ExecutionLimits limits;

    JobPlanner(ExecutionLimits limits) {
        this.limits = limits;
    }

    List<JobSpec> plan(ExecutionState execution, StageState stageState) {
        Stage stage = stageState.stage;
        Map<String, JsonNode> outputs = upstreamOutputs(execution);
        PayloadBudget budget = new PayloadBudget(limits);
        try {
            if (stage.foreach() == null) {
                TemplateScope scope = new TemplateScope(execution.inputs, outputs, null, -1);
                return List.of(budget.admit(spec(execution, stage, scope, null, -1), 1));
            }
            JsonNode items = TemplateResolver.resolve(StringNode.valueOf(stage.foreach().items()),
                    new TemplateScope(execution.inputs, outputs, null, -1));
            if (!items.isArray()) {
                throw new PlanningFailure("foreach " + stage.foreach().items() + " resolved to "
                        + items.getNodeType().name().toLowerCase() + ", expected a list");
            }
            checkFanOut(items.size());
            TemplateScope base = new TemplateScope(execution.inputs, outputs, null, -1);
            List<JobSpec> specs = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                specs.add(budget.admit(spec(execution, stage, base.withItem(items.get(i), i), items.get(i), i),
                        items.size()));
            }
            return specs;
        } catch (TemplateException e) {
            throw new PlanningFailure(e.getMessage());
        }
    }

    private void checkFanOut(int items) {
        if (items > limits.maxFanOutItems()) {
            throw new PlanningFailure("foreach resolved to " + items + " items, over the limit of "
                    + limits.maxFanOutItems() + " items per stage (engine.max_fan_out_items): split the list over "
                    + "several stages, or raise engine.max_fan_out_items in the engine section of the configuration");
        }
    }

    private static JobSpec spec(ExecutionState execution, Stage stage, TemplateScope scope, JsonNode item,
                                int index) {
        ObjectNode payload = Json.object();
        payload.set("config", stage.config() == null ? Json.object() : TemplateResolver.resolve(stage.config(), scope));
        if (!stage.dependsOn().isEmpty()) {
            ArrayNode refs = payload.putArray(DEPENDENCY_REFS);
            stage.dependsOn().forEach(refs::add);
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
                    stage.timeoutSeconds(), execution.id, stage.id(), index, strategy(stage), affinityKey(stage, scope));
        }
        return new JobSpec(stage.type(), payload, stage.priority(), stage.requires(), stage.retry(),
                stage.timeoutSeconds(), execution.id, stage.id(), index, strategy(stage), affinityKey(stage, scope));
    }

    private static String strategy(Stage stage) {
        return stage.placement() == null ? null : stage.placement().strategy();
    }

    /** The stage's affinity key template, resolved for this job (this item): placement groups jobs by it. */
    private static String affinityKey(Stage stage, TemplateScope scope) {
        if (stage.placement() == null || stage.placement().affinityKey() == null) {
            return null;
        }
        JsonNode key = TemplateResolver.resolve(StringNode.valueOf(stage.placement().affinityKey()), scope);
        String text = key.isString() ? key.asString() : key.toString();
        if (text.length() > JobSpec.MAX_AFFINITY_KEY_LENGTH) {
            throw new PlanningFailure("affinity_key " + stage.placement().affinityKey() + " resolved to "
                    + text.length() + " characters, over the limit of " + JobSpec.MAX_AFFINITY_KEY_LENGTH);
        }
        return text;
    }

    /** Outputs of the stages that succeeded, for templates only: payloads refer to them by stage id. */
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
