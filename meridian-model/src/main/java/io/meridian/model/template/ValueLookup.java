package io.meridian.model.template;

import io.meridian.model.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Finds the value a reference names. Pure data navigation: field names and list indexes only. */
final class ValueLookup {
    private ValueLookup() {}

    /** @throws TemplateException naming the reference and the first missing step */
    static JsonNode find(Reference ref, TemplateScope scope) {
        JsonNode node;
        StringBuilder where = new StringBuilder();
        switch (ref.root()) {
            case INPUT -> {
                node = scope.inputs().isObject() ? scope.inputs().get(ref.name()) : null;
                if (node == null) {
                    throw missing(ref, "no input '" + ref.name() + "'");
                }
                where.append("input.").append(ref.name());
            }
            case STAGE -> {
                node = scope.stageOutputs().get(ref.name());
                if (node == null) {
                    throw missing(ref, "no output from stage '" + ref.name() + "'");
                }
                where.append("stages.").append(ref.name()).append(".output");
            }
            case ITEM, ITEM_INDEX -> {
                if (scope.item() == null) {
                    throw missing(ref, "item is only available in a foreach stage");
                }
                node = ref.root() == Reference.Root.ITEM
                        ? scope.item() : JsonNodeFactory.instance.numberNode(scope.itemIndex());
                where.append(ref.root() == Reference.Root.ITEM ? "item" : "item_index");
            }
            default -> throw new IllegalArgumentException("secrets are resolved by the http handler: " + ref);
        }
        for (Object step : ref.path()) {
            node = step(ref, node, step, where);
            where.append(step instanceof Integer i ? "[" + i + "]" : "." + step);
        }
        return node;
    }

    private static JsonNode step(Reference ref, JsonNode node, Object step, CharSequence where) {
        if (step instanceof Integer index) {
            if (!node.isArray()) {
                throw missing(ref, where + " is " + describe(node) + ", not a list");
            }
            if (index >= node.size()) {
                throw missing(ref, "index " + index + " out of range (size " + node.size() + ")");
            }
            return node.get(index);
        }
        String field = (String) step;
        if (!node.isObject()) {
            throw missing(ref, where + " is " + describe(node) + ", not an object");
        }
        JsonNode child = node.get(field);
        if (child == null) {
            throw missing(ref, "no field '" + field + "' in " + where);
        }
        return child;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> Json.write(node);
        };
    }

    private static TemplateException missing(Reference ref, String detail) {
        return new TemplateException(ref.text() + ": " + detail);
    }
}
