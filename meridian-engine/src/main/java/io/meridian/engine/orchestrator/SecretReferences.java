package io.meridian.engine.orchestrator;

import io.meridian.model.json.Json;
import io.meridian.model.template.Template;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists the {@code {{secrets.NAME}}} references a stage's own (unresolved) config makes, by JSON pointer.
 * Handlers fill secrets only there: a reference that arrives inside input data or an upstream output is data,
 * and must never make a handler send a secret somewhere the pipeline's author did not.
 */
final class SecretReferences {
    private SecretReferences() {}

    static ObjectNode of(JsonNode config) {
        ObjectNode refs = Json.object();
        collect(config, "", refs);
        return refs;
    }

    private static void collect(JsonNode node, String pointer, ObjectNode refs) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            List<String> names = Template.secretNames(node.asString());
            if (!names.isEmpty()) {
                var arr = refs.putArray(pointer);
                names.forEach(arr::add);
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), pointer + "/" + escape(e.getKey()), refs));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, refs);
            }
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
