package io.meridian.model.pipeline;

import io.meridian.model.codec.PipelineValidationException;
import io.meridian.model.codec.PipelineValidator;
import io.meridian.model.codec.ValidationError;
import io.meridian.model.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Builds a Pipeline in code, checked by the same rules as pipeline files:
 * <pre>{@code
 * PipelineBuilder.pipeline("etl")
 *     .input("files", List.of())
 *     .stage("fetch", "http_request", s -> s.config(cfg).foreach("{{input.files}}"))
 *     .stage("load", "sql", s -> s.dependsOn("fetch").priority(7))
 *     .build(knownTypes);
 * }</pre>
 */
public final class PipelineBuilder {
    private final String id;
    private String name;
    private String description;
    private int version = 1;
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
    private StageDefaults defaults = StageDefaults.DEFAULT;
    private final Map<String, InputSpec> inputs = new LinkedHashMap<>();
    private final List<StageBuilder> stages = new ArrayList<>();
    private PipelineFederation federation = PipelineFederation.DEFAULT;

    private PipelineBuilder(String id) {
        this.id = id;
    }

    public static PipelineBuilder pipeline(String id) {
        return new PipelineBuilder(id);
    }

    public PipelineBuilder name(String name) {
        this.name = name;
        return this;
    }

    public PipelineBuilder description(String description) {
        this.description = description;
        return this;
    }

    public PipelineBuilder version(int version) {
        this.version = version;
        return this;
    }

    public PipelineBuilder failurePolicy(FailurePolicy failurePolicy) {
        this.failurePolicy = failurePolicy;
        return this;
    }

    public PipelineBuilder defaults(StageDefaults defaults) {
        this.defaults = defaults;
        return this;
    }

    /** The pipeline-level federation section: whether federated stages leave the local cluster, and their default strategy. */
    public PipelineBuilder federation(PipelineFederation federation) {
        this.federation = federation;
        return this;
    }

    /** An optional input; {@code defaultValue} is a JsonNode or anything Jackson can convert to one. */
    public PipelineBuilder input(String name, Object defaultValue) {
        JsonNode node = defaultValue == null || defaultValue instanceof JsonNode ? (JsonNode) defaultValue
                : Json.toTree(defaultValue);
        return input(name, InputSpec.optional(node));
    }

    public PipelineBuilder input(String name, InputSpec spec) {
        inputs.put(name, spec);
        return this;
    }

    public PipelineBuilder stage(String id, String type, Consumer<StageBuilder> settings) {
        StageBuilder stage = new StageBuilder(id, type);
        settings.accept(stage);
        stages.add(stage);
        return this;
    }

    public PipelineBuilder stage(String id, String type) {
        return stage(id, type, s -> {});
    }

    /** @throws PipelineValidationException listing every problem, including stage types not in {@code knownTypes} */
    public Pipeline build(Set<String> knownTypes) {
        Pipeline pipeline = assemble();
        List<ValidationError> errors = PipelineValidator.validate(pipeline, knownTypes);
        if (!errors.isEmpty()) {
            throw new PipelineValidationException(errors);
        }
        return pipeline;
    }

    /** Like {@link #build(Set)} but accepts any stage type (for tools that do not know the cluster's handlers). */
    public Pipeline buildUnchecked() {
        return build(null);
    }

    private Pipeline assemble() {
        StageDefaults effective = defaults == null ? StageDefaults.DEFAULT : defaults;
        PipelineFederation fed = federation == null ? PipelineFederation.DEFAULT : federation;
        List<Stage> built = stages.stream().map(s -> s.build(effective, fed.defaultStrategy())).toList();
        return new Pipeline(id, name, description, version, failurePolicy, effective, built, inputs, fed);
    }
}
