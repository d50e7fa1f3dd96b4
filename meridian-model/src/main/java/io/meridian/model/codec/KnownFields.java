package io.meridian.model.codec;

import io.meridian.model.text.Suggestions;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The fields each level of a pipeline file may hold; anything else is reported with a suggestion. */
enum KnownFields {
    PIPELINE("id", "name", "description", "version", "failure_policy", "defaults", "inputs", "stages",
            "federation"),
    DEFAULTS("retry", "timeout_seconds", "priority", "placement"),
    INPUT("description", "default", "required"),
    STAGE("id", "name", "type", "config", "depends_on", "retry", "timeout_seconds", "priority", "requires",
            "foreach", "placement", "federation"),
    PLACEMENT("strategy", "affinity_key"),
    PIPELINE_FEDERATION("enabled", "default_strategy"),
    FEDERATION("strategy", "regions", "data_locality", "aggregation", "reducer", "timeout_seconds", "retry_on_failure",
            "max_retries", "fallback_region", "chain", "source_location"),
    LOCATION("lat", "lon"),
    RETRY("max_retries", "initial_backoff_seconds", "multiplier", "max_backoff_seconds", "jitter"),
    REQUIRES("capabilities", "min_cores", "min_memory_mb", "gpus", "node_type");

    private final List<String> names;

    KnownFields(String... names) {
        this.names = List.of(names);
    }

    void check(JsonNode object, String pointer, String stageId, List<Problem> problems) {
        for (String field : object.propertyNames()) {
            if (!names.contains(field)) {
                String hint = Suggestions.closest(field, names)
                        .map(s -> " (did you mean '" + s + "'?)")
                        .orElse("; expected one of: " + String.join(", ", names));
                problems.add(Problem.at(Pointers.child(pointer, field), stageId, "unknown field '" + field + "'" + hint));
            }
        }
    }
}
