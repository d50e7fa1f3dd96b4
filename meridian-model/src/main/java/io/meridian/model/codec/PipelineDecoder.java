package io.meridian.model.codec;

import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.InputSpec;
import io.meridian.model.pipeline.PipelineFederation;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.model.text.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Turns a document tree into a Pipeline, reporting shape problems (unknown fields, wrong types). */
final class PipelineDecoder {
    private static final List<String> POLICIES =
            Arrays.stream(FailurePolicy.values()).map(FailurePolicy::wireName).toList();

    private final List<Problem> problems = new ArrayList<>();
    private final NodeReader reader = new NodeReader(problems, null);

    private PipelineDecoder() {}

    static Decoded decode(JsonNode root) {
        return new PipelineDecoder().pipeline(root);
    }

    private Decoded pipeline(JsonNode root) {
        if (!root.isObject()) {
            problems.add(Problem.at("", null, "the top level must be an object, got " + NodeReader.describe(root)));
            return new Decoded(null, problems, List.of());
        }
        KnownFields.PIPELINE.check(root, "", null, problems);
        String id = reader.text(root, "", "id");
        String name = reader.text(root, "", "name");
        String description = reader.text(root, "", "description");
        Integer version = reader.integer(root, "", "version", Limits.VERSION);
        StageDefaults defaults = defaults(root);
        Map<String, InputSpec> inputs = inputs(root);
        PipelineFederation federation = FederationDecoder.pipeline(root, reader, problems);
        List<String> stagePointers = new ArrayList<>();
        List<Stage> stages = stages(root, defaults, federation.defaultStrategy(), stagePointers);
        Pipeline pipeline = new Pipeline(id, name, description, version == null ? 1 : version, failurePolicy(root),
                defaults, stages, inputs, federation);
        return new Decoded(pipeline, problems, stagePointers);
    }

    private FailurePolicy failurePolicy(JsonNode root) {
        String policy = reader.text(root, "", "failure_policy");
        if (policy == null) {
            return FailurePolicy.FAIL_FAST;
        }
        if (!POLICIES.contains(policy)) {
            reader.report("", "failure_policy", "failure_policy must be one of " + String.join(", ", POLICIES)
                    + ", got '" + policy + "'" + Suggestions.didYouMean(policy, POLICIES));
            return FailurePolicy.FAIL_FAST;
        }
        return FailurePolicy.valueOf(policy.toUpperCase(java.util.Locale.ROOT));
    }

    private StageDefaults defaults(JsonNode root) {
        JsonNode defaults = reader.object(root, "", "defaults");
        if (defaults == null) {
            return StageDefaults.DEFAULT;
        }
        KnownFields.DEFAULTS.check(defaults, "/defaults", null, problems);
        JsonNode retryNode = reader.object(defaults, "/defaults", "retry");
        RetryPolicy retry = retryNode == null ? RetryPolicy.DEFAULT
                : RetryDecoder.decode(retryNode, "/defaults/retry", RetryPolicy.DEFAULT, reader, problems, null);
        Integer timeout = reader.integer(defaults, "/defaults", "timeout_seconds", Limits.TIMEOUT);
        Integer priority = reader.integer(defaults, "/defaults", "priority", Limits.PRIORITY);
        String placement = PlacementDecoder.strategy(defaults, "/defaults", reader);
        return new StageDefaults(retry, timeout == null ? StageDefaults.DEFAULT_TIMEOUT_SECONDS : timeout,
                priority == null ? StageDefaults.DEFAULT_PRIORITY : priority, placement);
    }

    private Map<String, InputSpec> inputs(JsonNode root) {
        JsonNode inputs = reader.object(root, "", "inputs");
        Map<String, InputSpec> specs = new LinkedHashMap<>();
        if (inputs == null) {
            return specs;
        }
        for (Map.Entry<String, JsonNode> entry : inputs.properties()) {
            String pointer = Pointers.child("/inputs", entry.getKey());
            JsonNode spec = entry.getValue();
            if (spec.isNull()) {
                specs.put(entry.getKey(), new InputSpec(null, null, false));
                continue;
            }
            if (!spec.isObject()) {
                problems.add(Problem.at(pointer, null, "input '" + entry.getKey()
                        + "' must be an object {description, default, required}, got " + NodeReader.describe(spec)));
                continue;
            }
            KnownFields.INPUT.check(spec, pointer, null, problems);
            Boolean required = reader.bool(spec, pointer, "required");
            specs.put(entry.getKey(), new InputSpec(reader.text(spec, pointer, "description"), spec.get("default"),
                    required != null && required));
        }
        return specs;
    }

    private List<Stage> stages(JsonNode root, StageDefaults defaults, FederationStrategy defaultStrategy,
                               List<String> stagePointers) {
        JsonNode stages = root.get("stages");
        List<Stage> decoded = new ArrayList<>();
        if (stages == null) {
            return decoded;
        }
        if (!stages.isArray()) {
            reader.report("", "stages", "stages must be a list, got " + NodeReader.describe(stages));
            return decoded;
        }
        if (stages.size() > Limits.MAX_STAGES) {
            reader.report("", "stages", "too many stages: " + stages.size() + " (the limit is " + Limits.MAX_STAGES + ")");
            return decoded;
        }
        for (int i = 0; i < stages.size(); i++) {
            String pointer = Pointers.child("/stages", i);
            JsonNode stage = stages.get(i);
            if (!stage.isObject()) {
                problems.add(Problem.at(pointer, null, "a stage must be an object, got " + NodeReader.describe(stage)));
                continue;
            }
            decoded.add(StageDecoder.decode(stage, pointer, defaults, defaultStrategy, problems));
            stagePointers.add(pointer);
        }
        return decoded;
    }
}
