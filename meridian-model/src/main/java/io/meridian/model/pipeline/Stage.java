package io.meridian.model.pipeline;

import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One node of a pipeline's DAG. Settings are effective values: pipeline defaults are already applied.
 *
 * @param config   handler configuration; string values may hold {@code {{...}}} templates
 * @param foreach  null unless the stage fans out
 * @param name      optional display name
 * @param placement how its jobs choose among waiting workers; null for the coordinator's default
 */
public record Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                    int timeoutSeconds, int priority, Requirements requires, Foreach foreach, String name,
                    Placement placement) {

    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 10;

    public Stage {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        requires = requires == null ? Requirements.NONE : requires;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        config = config == null ? JsonNodeFactory.instance.objectNode() : config;
    }

    /** A stage with the coordinator's default placement. */
    public Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                 int timeoutSeconds, int priority, Requirements requires, Foreach foreach, String name) {
        this(id, type, config, dependsOn, retry, timeoutSeconds, priority, requires, foreach, name, null);
    }

    /** A stage without a display name. */
    public Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                 int timeoutSeconds, int priority, Requirements requires, Foreach foreach) {
        this(id, type, config, dependsOn, retry, timeoutSeconds, priority, requires, foreach, null, null);
    }
}
