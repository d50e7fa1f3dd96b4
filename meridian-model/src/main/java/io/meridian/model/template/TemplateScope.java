package io.meridian.model.template;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The data a template may read.
 *
 * @param inputs        the execution's inputs (an object)
 * @param stageOutputs  outputs of completed stages, by stage id
 * @param item          the foreach element, or null outside a foreach stage
 * @param itemIndex     the element's position; ignored when {@code item} is null
 */
public record TemplateScope(JsonNode inputs, Map<String, JsonNode> stageOutputs, JsonNode item, int itemIndex) {

    public TemplateScope {
        inputs = inputs == null ? JsonNodeFactory.instance.objectNode() : inputs;
        stageOutputs = stageOutputs == null ? Map.of() : Map.copyOf(stageOutputs);
    }

    /** Scope for a stage that does not fan out. */
    public static TemplateScope of(JsonNode inputs, Map<String, JsonNode> stageOutputs) {
        return new TemplateScope(inputs, stageOutputs, null, -1);
    }

    public TemplateScope withItem(JsonNode item, int itemIndex) {
        return new TemplateScope(inputs, stageOutputs, item, itemIndex);
    }
}
