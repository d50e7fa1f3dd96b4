package io.meridian.engine.federation;

import io.meridian.model.json.Json;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pipeline a region runs for its part of a federated stage. The values come in as execution inputs
 * ({@code config}, {@code dependencies}) and the stage's config refers to them with templates, because a region
 * resolves templates again: data that contains {@code {{...}}} must stay data. Each dependency becomes an identity
 * stage of the same id, so the handler sees its dependencies' outputs exactly as at home.
 */
public final class RegionalPipeline {
    /** Config keys that can be written in a template path; other keys travel as literal values. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private RegionalPipeline() {}

    /** Pipeline ids of region runs start with this, so a region key can reach only those executions. */
    public static final String PREFIX = "fed.";

    public static ObjectNode pipeline(RegionTask task) {
        ObjectNode p = Json.object();
        p.put("id", PREFIX + task.pipelineId() + "." + task.stageId());
        ObjectNode inputs = p.putObject("inputs");
        inputs.putObject("config").put("required", true);
        inputs.putObject("dependencies").putObject("default");
        var stages = p.putArray("stages");
        for (String dependency : task.dependencies().keySet()) {
            ObjectNode identity = stages.addObject().put("id", dependency).put("type", "json_transform");
            identity.putObject("config").put("input", "{{input.dependencies." + dependency + "}}").put("expression", ".");
            identity.putObject("retry").put("max_retries", 0);
        }
        ObjectNode stage = stages.addObject().put("id", task.stageId()).put("type", task.stageType());
        ObjectNode config = stage.putObject("config");
        task.config().properties().forEach(e -> {
            if (PLAIN_KEY.matcher(e.getKey()).matches()) {
                config.put(e.getKey(), "{{input.config." + e.getKey() + "}}");
            } else {
                config.set(e.getKey(), e.getValue());
            }
        });
        var dependsOn = stage.putArray("depends_on");
        task.dependencies().keySet().forEach(dependsOn::add);
        // Retries are the federation's business (max_retries per region, then the fallback region).
        stage.putObject("retry").put("max_retries", 0);
        stage.put("timeout_seconds", Math.max(1, task.timeoutSeconds() > 0 ? task.timeoutSeconds() : 3600));
        return p;
    }

    public static ObjectNode inputs(RegionTask task) {
        ObjectNode inputs = Json.object();
        inputs.set("config", task.config());
        ObjectNode dependencies = inputs.putObject("dependencies");
        task.dependencies().forEach(dependencies::set);
        return inputs;
    }
}
