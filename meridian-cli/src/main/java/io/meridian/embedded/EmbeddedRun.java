package io.meridian.embedded;

import io.meridian.store.ExecutionRecord;
import io.meridian.model.execution.ExecutionStatus;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A finished execution of an embedded engine.
 *
 * @param execution the execution as the engine recorded it (status, each stage's runs and errors)
 * @param outputs   every stage's output that was kept, by stage id
 */
public record EmbeddedRun(ExecutionRecord execution, Map<String, JsonNode> outputs) {
    public EmbeddedRun {
        outputs = Map.copyOf(outputs);
    }

    public boolean succeeded() {
        return execution.status() == ExecutionStatus.SUCCEEDED;
    }

    /** The output of stage {@code stageId}; refuses, naming the known stages, a stage with none. */
    public JsonNode output(String stageId) {
        JsonNode out = outputs.get(stageId);
        if (out == null) {
            throw new IllegalArgumentException("no output for stage '" + stageId + "' (execution "
                    + execution.status().name().toLowerCase(java.util.Locale.ROOT) + "; outputs: "
                    + outputs.keySet() + ")");
        }
        return out;
    }
}
