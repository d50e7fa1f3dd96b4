package io.meridian.model.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated pipeline definition: a DAG of stages. Build one in code with {@link PipelineBuilder}. */
public record Pipeline(String id, String name, String description, int version, FailurePolicy failurePolicy,
                       StageDefaults defaults, List<Stage> stages, Map<String, InputSpec> inputs,
                       PipelineFederation federation) {

    public Pipeline {
        stages = List.copyOf(stages);
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        failurePolicy = failurePolicy == null ? FailurePolicy.FAIL_FAST : failurePolicy;
        defaults = defaults == null ? StageDefaults.DEFAULT : defaults;
        federation = federation == null ? PipelineFederation.DEFAULT : federation;
    }

    /** A pipeline without a pipeline-level federation section. */
    public Pipeline(String id, String name, String description, int version, FailurePolicy failurePolicy,
                    StageDefaults defaults, List<Stage> stages, Map<String, InputSpec> inputs) {
        this(id, name, description, version, failurePolicy, defaults, stages, inputs, null);
    }

    /** A pipeline that declares no inputs. */
    public Pipeline(String id, String name, String description, int version, FailurePolicy failurePolicy,
                    StageDefaults defaults, List<Stage> stages) {
        this(id, name, description, version, failurePolicy, defaults, stages, Map.of());
    }

    /** Stages that run in the federation (none when the pipeline switched federation off). */
    public List<Stage> federatedStages() {
        return federation.enabled() ? stages.stream().filter(s -> s.federation() != null).toList() : List.of();
    }

    public Optional<Stage> stage(String stageId) {
        return stages.stream().filter(s -> s.id().equals(stageId)).findFirst();
    }

    /** Stages that list {@code stageId} in their depends_on. */
    public List<Stage> dependentsOf(String stageId) {
        return stages.stream().filter(s -> s.dependsOn().contains(stageId)).toList();
    }
}
