package io.meridian.engine.federation;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON text in one canonical form (object keys sorted at every level, numbers by value), so that two results
 * that mean the same compare equal whatever order their keys came in.
 */
final class CanonicalJson {
    private CanonicalJson() {}

    static String of(JsonNode value) {
        return sorted(value).toString(); // a tree's own rendering: the engine holds no JSON mapper
    }

    private static JsonNode sorted(JsonNode value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            value.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> out.add(sorted(v)));
            return out;
        }
        if (value.isNumber()) {
            // 1, 1.0 and 1e0 are the same number
            return JsonNodeFactory.instance.numberNode(value.decimalValue().stripTrailingZeros());
        }
        return value;
    }
}
