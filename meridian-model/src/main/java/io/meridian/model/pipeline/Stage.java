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
 * @param federation where in the federation the stage runs; null runs it in the local cluster
 */
public record Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                    int timeoutSeconds, int priority, Requirements requires, Foreach foreach, String name,
                    Placement placement, FederatedStageConfig federation) {

    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 10;

    public Stage {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        requires = requires == null ? Requirements.NONE : requires;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        config = config == null ? JsonNodeFactory.instance.objectNode() : config;
    }

    /** The same stage running in the local cluster only (how a region runs its part of a federated stage). */
    public Stage withoutFederation() {
        return new Stage(id, type, config, dependsOn, retry, timeoutSeconds, priority, requires, foreach, name,
                placement, null);
    }

    /** A stage that runs in the local cluster. */
    public Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                 int timeoutSeconds, int priority, Requirements requires, Foreach foreach, String name,
                 Placement placement) {
        this(id, type, config, dependsOn, retry, timeoutSeconds, priority, requires, foreach, name, placement, null);
    }

    /** A stage with the coordinator's default placement. */
    public Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                 int timeoutSeconds, int priority, Requirements requires, Foreach foreach, String name) {
        this(id, type, config, dependsOn, retry, timeoutSeconds, priority, requires, foreach, name, null, null);
    }

    /** A stage without a display name. */
    public Stage(String id, String type, ObjectNode config, List<String> dependsOn, RetryPolicy retry,
                 int timeoutSeconds, int priority, Requirements requires, Foreach foreach) {
        this(id, type, config, dependsOn, retry, timeoutSeconds, priority, requires, foreach, null, null, null);
    }
}
