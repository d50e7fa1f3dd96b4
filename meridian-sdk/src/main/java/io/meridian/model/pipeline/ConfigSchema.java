package io.meridian.model.pipeline;

import io.meridian.model.text.Suggestions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * What a stage type accepts as its {@code config}: the keys it knows, which are required, and the JSON type of
 * each. A stage type declares it next to its code, and {@code meridian validate} checks every stage of that type
 * against it, so a {@code database_write} without {@code sql} is reported with its file:line before anything runs.
 * A value that is a template ({@code "{{input.n}}"}) passes any type check: it is resolved at run time.
 *
 * @param fields the known keys, in the order they are documented
 * @param closed whether keys outside {@code fields} are refused (with a "did you mean")
 */
public record ConfigSchema(Map<String, Field> fields, boolean closed) {
    /** No declared keys and anything accepted: the schema of a stage type that declares none. */
    public static final ConfigSchema ANY = new ConfigSchema(Map.of(), false);

    /** The JSON type of one config value. */
    public enum Kind {
        STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY, ANY;

        boolean accepts(JsonNode v) {
            return switch (this) {
                case STRING -> v.isString();
                case INTEGER -> v.isIntegralNumber();
                case NUMBER -> v.isNumber();
                case BOOLEAN -> v.isBoolean();
                case OBJECT -> v.isObject();
                case ARRAY -> v.isArray();
                case ANY -> true;
            };
        }

        String word() {
            return switch (this) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case NUMBER -> "a number";
                case BOOLEAN -> "true or false";
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                case ANY -> "any value";
            };
        }
    }

    /** One key: its type and whether a stage must give it. */
    public record Field(Kind kind, boolean required) {}

    public ConfigSchema {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A schema built key by key; {@link Builder#closed()} refuses unknown keys. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reports each problem of {@code config} as (key, message): a missing required key, a value of the wrong type,
     * an unknown key when closed.
     */
    public void check(JsonNode config, BiConsumer<String, String> report) {
        boolean isObject = config != null && config.isObject();
        if (config != null && !config.isNull() && !isObject) {
            report.accept("", "config must be an object");
            return;
        }
        fields.forEach((key, field) -> {
            JsonNode value = isObject ? config.get(key) : null;
            if (value == null || value.isNull()) {
                if (field.required()) {
                    report.accept(key, "config." + key + " is required (" + field.kind().word() + ")");
                }
            } else if (!field.kind().accepts(value) && !isTemplate(value)) {
                report.accept(key, "config." + key + " must be " + field.kind().word() + ", got "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        if (closed && isObject) {
            for (String key : config.propertyNames()) {
                if (!fields.containsKey(key)) {
                    report.accept(key, "unknown config key '" + key + "'" + Suggestions.closest(key, fields.keySet())
                            .map(s -> " (did you mean '" + s + "'?)")
                            .orElse("; known keys: " + String.join(", ", fields.keySet())));
                }
            }
        }
    }

    private static boolean isTemplate(JsonNode value) {
        return value.isString() && value.asString().contains("{{");
    }

    /** Builds a {@link ConfigSchema}. */
    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private boolean closed;

        public Builder required(String key, Kind kind) {
            fields.put(key, new Field(kind, true));
            return this;
        }

        public Builder optional(String key, Kind kind) {
            fields.put(key, new Field(kind, false));
            return this;
        }

        /** Keys outside those declared are refused. */
        public Builder closed() {
            closed = true;
            return this;
        }

        public ConfigSchema build() {
            return new ConfigSchema(fields, closed);
        }
    }
}
