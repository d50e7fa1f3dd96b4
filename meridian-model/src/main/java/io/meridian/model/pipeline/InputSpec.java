package io.meridian.model.pipeline;

import tools.jackson.databind.JsonNode;

/**
 * A declared pipeline input.
 *
 * @param defaultValue null when the input has no default (an explicit JSON null default is a NullNode)
 */
public record InputSpec(String description, JsonNode defaultValue, boolean required) {

    public static InputSpec optional(JsonNode defaultValue) {
        return new InputSpec(null, defaultValue, false);
    }

    public static InputSpec mandatory() {
        return new InputSpec(null, null, true);
    }
}
