package io.meridian.model.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper configuration used across Meridian: snake_case names on the wire and in files,
 * strict duplicate detection, and bounded nesting and sizes so hostile input cannot exhaust the stack.
 */
public final class Json {
    /** Deepest nesting accepted in any document (pipeline files, payloads, results). */
    public static final int MAX_DEPTH = 200;

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(16 * 1024 * 1024)
                            .maxNumberLength(200)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule("meridian-instants").addDeserializer(java.time.Instant.class,
                    new IsoInstants()))
            .addModule(new SimpleModule("meridian-constructors") {
                @Override
                public void setupModule(SetupContext context) {
                    context.addValueInstantiators(new DirectConstructors());
                }
            })
            .build();

    private Json() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** UTF-8 JSON, for the wire: no detour through a String. */
    public static byte[] writeBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static JsonNode parse(byte[] utf8) {
        return MAPPER.readTree(utf8);
    }

    public static <T> T read(byte[] utf8, Class<T> type) {
        return MAPPER.readValue(utf8, type);
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        return MAPPER.treeToValue(node, type);
    }
}
