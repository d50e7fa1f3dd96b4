package io.meridian.model.pipeline;

import io.meridian.model.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds the inputs given for an execution to what its pipeline declares: unknown names are refused when the
 * pipeline declares inputs, defaults fill the gaps, and a missing required input is an error.
 */
public final class InputBinder {
    private InputBinder() {}

    /** @throws IllegalArgumentException naming the unknown or missing input */
    public static ObjectNode bind(Pipeline pipeline, JsonNode given) {
        if (given != null && !given.isMissingNode() && !given.isNull() && !given.isObject()) {
            throw new IllegalArgumentException("inputs must be a JSON object, got " + given.getNodeType());
        }
        ObjectNode inputs = Json.object();
        if (given instanceof ObjectNode o) {
            inputs.setAll(o);
        }
        if (!pipeline.inputs().isEmpty()) {
            for (String name : inputs.propertyNames()) {
                if (!pipeline.inputs().containsKey(name)) {
                    throw new IllegalArgumentException("unknown input '" + name + "': pipeline '" + pipeline.id()
                            + "' declares " + pipeline.inputs().keySet());
                }
            }
        }
        pipeline.inputs().forEach((name, spec) -> {
            if (!inputs.has(name) && spec.defaultValue() != null && !spec.defaultValue().isNull()) {
                inputs.set(name, spec.defaultValue());
            }
            if (!inputs.has(name) && spec.required()) {
                throw new IllegalArgumentException("missing required input '" + name + "' of pipeline '"
                        + pipeline.id() + "'");
            }
        });
        return inputs;
    }
}
