package io.meridian.model.codec;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed fields from a JSON object, reporting wrong types as problems and answering null so the
 * caller falls back to a default and carries on looking for further problems.
 */
final class NodeReader {
    private final List<Problem> problems;
    private final String stageId;

    NodeReader(List<Problem> problems, String stageId) {
        this.problems = problems;
        this.stageId = stageId;
    }

    JsonNode object(JsonNode parent, String pointer, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            report(pointer, field, field + " must be an object, got " + describe(node));
            return null;
        }
        return node;
    }

    String text(JsonNode parent, String pointer, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            report(pointer, field, field + " must be a string, got " + describe(node));
            return null;
        }
        return node.stringValue();
    }

    /** @param rule the sentence describing valid values, e.g. "priority must be an integer 1–10" */
    Integer integer(JsonNode parent, String pointer, String field, String rule) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            report(pointer, field, rule + ", got " + describe(node));
            return null;
        }
        return node.intValue();
    }

    Long longInteger(JsonNode parent, String pointer, String field, String rule) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            report(pointer, field, rule + ", got " + describe(node));
            return null;
        }
        return node.longValue();
    }

    Double number(JsonNode parent, String pointer, String field, String rule) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            report(pointer, field, rule + ", got " + describe(node));
            return null;
        }
        return node.doubleValue();
    }

    Boolean bool(JsonNode parent, String pointer, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            report(pointer, field, field + " must be true or false, got " + describe(node));
            return null;
        }
        return node.booleanValue();
    }

    /** A list of strings; non-string elements are reported one by one and left out. */
    List<String> strings(JsonNode parent, String pointer, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            report(pointer, field, field + " must be a list of strings, got " + describe(node));
            return null;
        }
        List<String> values = new ArrayList<>();
        String listPointer = Pointers.child(pointer, field);
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (element.isString()) {
                values.add(element.stringValue());
            } else {
                problems.add(Problem.at(Pointers.child(listPointer, i), stageId,
                        field + " must be a list of strings, got " + describe(element) + " at index " + i));
            }
        }
        return values;
    }

    void report(String pointer, String field, String message) {
        problems.add(Problem.at(Pointers.child(pointer, field), stageId, message));
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string \"" + abbreviate(node.stringValue()) + "\"";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.toString();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
