package io.meridian.model.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Settings of one stage under construction; unset retry, timeout and priority come from the pipeline defaults. */
public final class StageBuilder {
    private final String id;
    private final String type;
    private String name;
    private ObjectNode config;
    private final List<String> dependsOn = new ArrayList<>();
    private RetryPolicy retry;
    private Integer timeoutSeconds;
    private Integer priority;
    private Requirements requires;
    private Foreach foreach;
    private FederatedStageConfig federation;

    StageBuilder(String id, String type) {
        this.id = id;
        this.type = type;
    }

    public StageBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The builder keeps its own copy; later changes to {@code config} do not leak into the pipeline. */
    public StageBuilder config(ObjectNode config) {
        this.config = config == null ? null : config.deepCopy();
        return this;
    }

    public StageBuilder dependsOn(String... stageIds) {
        dependsOn.addAll(Arrays.asList(stageIds));
        return this;
    }

    public StageBuilder retry(RetryPolicy retry) {
        this.retry = retry;
        return this;
    }

    public StageBuilder timeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
        return this;
    }

    public StageBuilder priority(int priority) {
        this.priority = priority;
        return this;
    }

    public StageBuilder requires(Requirements requires) {
        this.requires = requires;
        return this;
    }

    /** @param items a single template such as {@code {{input.files}}} */
    public StageBuilder foreach(String items) {
        this.foreach = new Foreach(items);
        return this;
    }

    /** Runs the stage in the federation's regions (see {@link FederatedStageConfig}). */
    public StageBuilder federation(FederatedStageConfig federation) {
        this.federation = federation;
        return this;
    }

    Stage build(StageDefaults defaults, FederationStrategy defaultStrategy) {
        return new Stage(id, type, config, dependsOn, retry == null ? defaults.retry() : retry,
                timeoutSeconds == null ? defaults.timeoutSeconds() : timeoutSeconds,
                priority == null ? defaults.priority() : priority, requires, foreach, name, null,
                federation == null ? null : federation.withDefaultStrategy(defaultStrategy));
    }
}
