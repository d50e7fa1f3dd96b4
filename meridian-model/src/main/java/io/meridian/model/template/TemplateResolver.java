package io.meridian.model.template;

import io.meridian.model.json.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Substitutes references in every string of a JSON value. Substituted text is never scanned again, so
 * data that happens to contain {@code {{...}}} stays literal. {@code {{secrets.NAME}}} is kept as written:
 * only the http handler sees secret values, at call time.
 */
public final class TemplateResolver {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateResolver() {}

    /** A resolved deep copy of {@code value}; the argument is not modified. */
    public static JsonNode resolve(JsonNode value, TemplateScope scope) {
        return resolve(value, scope, 0);
    }

    /** Resolves one string: a lone reference keeps the value's JSON type, anything else becomes text. */
    public static JsonNode resolveString(String text, TemplateScope scope) {
        if (!Template.hasMarkers(text)) {
            return NODES.stringNode(text);
        }
        Template template = Template.parse(text);
        if (template.isSingleReference()) {
            Reference only = template.references().getFirst();
            return only.root() == Reference.Root.SECRET
                    ? NODES.stringNode(text) : ValueLookup.find(only, scope).deepCopy();
        }
        StringBuilder out = new StringBuilder();
        for (Object part : template.parts()) {
            if (part instanceof Reference ref) {
                out.append(ref.root() == Reference.Root.SECRET ? ref.text() : asText(ValueLookup.find(ref, scope)));
            } else {
                out.append((String) part);
            }
        }
        return NODES.stringNode(out.toString());
    }

    private static JsonNode resolve(JsonNode value, TemplateScope scope, int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw new TemplateException("value nested deeper than " + Json.MAX_DEPTH + " levels");
        }
        if (value.isString()) {
            return resolveString(value.stringValue(), scope);
        }
        if (value.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                copy.set(field.getKey(), resolve(field.getValue(), scope, depth + 1));
            }
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = NODES.arrayNode(value.size());
            for (JsonNode element : value) {
                copy.add(resolve(element, scope, depth + 1));
            }
            return copy;
        }
        return value.deepCopy();
    }

    private static String asText(JsonNode value) {
        return value.isString() ? value.stringValue() : Json.write(value);
    }
}
