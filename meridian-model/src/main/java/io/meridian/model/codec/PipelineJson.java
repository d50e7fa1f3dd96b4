package io.meridian.model.codec;

import io.meridian.model.pipeline.InputSpec;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pipelines as JSON trees in the file format, with effective values written out, so a snapshot read back
 * later means the same even if defaults change.
 */
public final class PipelineJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PipelineJson() {}

    public static JsonNode toJson(Pipeline pipeline) {
        ObjectNode out = NODES.objectNode();
        out.put("id", pipeline.id());
        putIfPresent(out, "name", pipeline.name());
        putIfPresent(out, "description", pipeline.description());
        out.put("version", pipeline.version());
        out.put("failure_policy", pipeline.failurePolicy().wireName());
        ObjectNode defaults = out.putObject("defaults");
        defaults.set("retry", retry(pipeline.defaults().retry()));
        defaults.put("timeout_seconds", pipeline.defaults().timeoutSeconds());
        defaults.put("priority", pipeline.defaults().priority());
        putIfPresent(defaults, "placement", pipeline.defaults().placement());
        if (!pipeline.federation().equals(io.meridian.model.pipeline.PipelineFederation.DEFAULT)) {
            ObjectNode federation = out.putObject("federation");
            federation.put("enabled", pipeline.federation().enabled());
            if (pipeline.federation().defaultStrategy() != null) {
                federation.put("default_strategy", pipeline.federation().defaultStrategy().wireName());
            }
        }
        if (!pipeline.inputs().isEmpty()) {
            ObjectNode inputs = out.putObject("inputs");
            for (Map.Entry<String, InputSpec> input : pipeline.inputs().entrySet()) {
                inputs.set(input.getKey(), input(input.getValue()));
            }
        }
        ArrayNode stages = out.putArray("stages");
        pipeline.stages().forEach(stage -> stages.add(stage(stage)));
        return out;
    }

    /** @throws PipelineValidationException when the tree is not a valid pipeline (stage types are not checked) */
    public static Pipeline fromJson(JsonNode json) {
        LocatedTree tree = new LocatedTree(json, Map.of(), java.util.List.of());
        String file = json.path("id").isString() ? json.get("id").stringValue() : "pipeline";
        return PipelineAssembler.assemble(tree, file, null, java.util.Map.of());
    }

    private static ObjectNode stage(Stage stage) {
        ObjectNode out = NODES.objectNode();
        out.put("id", stage.id());
        putIfPresent(out, "name", stage.name());
        out.put("type", stage.type());
        out.set("config", stage.config().deepCopy());
        ArrayNode dependsOn = out.putArray("depends_on");
        stage.dependsOn().forEach(dependsOn::add);
        out.set("retry", retry(stage.retry()));
        out.put("timeout_seconds", stage.timeoutSeconds());
        out.put("priority", stage.priority());
        if (!stage.requires().matchesAnyWorker()) {
            out.set("requires", requires(stage.requires()));
        }
        if (stage.placement() != null) {
            ObjectNode placement = out.putObject("placement");
            putIfPresent(placement, "strategy", stage.placement().strategy());
            putIfPresent(placement, "affinity_key", stage.placement().affinityKey());
        }
        if (stage.foreach() != null) {
            out.put("foreach", stage.foreach().items());
        }
        if (stage.federation() != null) {
            out.set("federation", FederationJson.toJson(stage.federation()));
        }
        return out;
    }

    private static ObjectNode retry(RetryPolicy retry) {
        ObjectNode out = NODES.objectNode();
        out.put("max_retries", retry.maxRetries());
        out.put("initial_backoff_seconds", retry.initialBackoffSeconds());
        out.put("multiplier", retry.multiplier());
        out.put("max_backoff_seconds", retry.maxBackoffSeconds());
        out.put("jitter", retry.jitter());
        return out;
    }

    private static ObjectNode requires(Requirements requires) {
        ObjectNode out = NODES.objectNode();
        ArrayNode capabilities = out.putArray("capabilities");
        requires.capabilities().forEach(capabilities::add);
        out.put("min_cores", requires.minCores());
        out.put("min_memory_mb", requires.minMemoryMb());
        out.put("gpus", requires.gpus());
        if (requires.nodeType() != null) {
            out.put("node_type", requires.nodeType());
        }
        return out;
    }

    private static ObjectNode input(InputSpec spec) {
        ObjectNode out = NODES.objectNode();
        putIfPresent(out, "description", spec.description());
        if (spec.defaultValue() != null) {
            out.set("default", spec.defaultValue().deepCopy());
        }
        out.put("required", spec.required());
        return out;
    }

    private static void putIfPresent(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }
}
