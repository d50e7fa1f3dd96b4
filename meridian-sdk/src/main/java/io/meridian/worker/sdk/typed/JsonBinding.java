package io.meridian.worker.sdk.typed;

import io.meridian.worker.sdk.NonRetryableFailure;
import io.meridian.worker.sdk.TaskFailure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a stage's config to a handler's input type and its output back to JSON, with Jackson. Binding is strict, so a
 * typo in a pipeline is an error rather than a silently missing value: an unknown key, a missing component of a
 * record, a null primitive and a value of the wrong type each fail the job at once, naming the field
 * ({@code config.words[2]}). A pipeline says "none" for a reference-typed component by writing {@code null}.
 */
public final class JsonBinding {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private JsonBinding() {}

    /** {@code json} as a {@code type}; a {@link NonRetryableFailure} of type {@code bad_input} naming the field if not. */
    public static <T> T read(JsonNode json, Class<T> type, String what) throws TaskFailure {
        try {
            return MAPPER.treeToValue(json, type);
        } catch (JacksonException e) {
            throw new NonRetryableFailure("bad_input", what + path(e) + ": " + e.getOriginalMessage()
                    + " (binding to " + type.getSimpleName() + ")");
        }
    }

    /** {@code value} as JSON; a {@link NonRetryableFailure} of type {@code bad_output} naming the field if it cannot be. */
    public static JsonNode write(Object value, String what) throws TaskFailure {
        try {
            return MAPPER.valueToTree(value);
        } catch (JacksonException e) {
            throw new NonRetryableFailure("bad_output", what + path(e) + " cannot be written as JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
