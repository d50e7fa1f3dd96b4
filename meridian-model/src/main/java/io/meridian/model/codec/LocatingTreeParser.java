package io.meridian.model.codec;

import io.meridian.model.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Builds a JSON tree from a token stream while recording where each field and element starts. Iterative,
 * so nesting depth costs heap, not stack. Duplicate keys, YAML aliases and YAML tags are reported and
 * parsing goes on; a syntax error ends it.
 */
final class LocatingTreeParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The problem of a document with no value at all (blank, or comments only). */
    static final String EMPTY = "file is empty";

    /** An open object or array; {@code detached} containers belong to a duplicate key and are dropped. */
    private record Frame(JsonNode node, String pointer, boolean detached) {}

    private final Map<String, Position> positions = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private JsonNode root;
    private String pendingField;
    private boolean pendingDuplicate;
    private Position lastPosition = Position.UNKNOWN;

    private LocatingTreeParser() {}

    static LocatedTree parse(String text, DocumentFormat format) {
        LocatingTreeParser builder = new LocatingTreeParser();
        try (JsonParser parser = format.createParser(text)) {
            builder.consume(parser);
        } catch (StreamConstraintsException e) {
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().contains("nesting depth")
                    ? "nesting deeper than " + Json.MAX_DEPTH + " levels" : firstLine(e.getOriginalMessage());
            return builder.fail(e, "document too large: " + what);
        } catch (JacksonException e) {
            return builder.fail(e, "syntax error: " + firstLine(e.getOriginalMessage()));
        }
        if (builder.root == null) {
            builder.problems.add(new Problem("", Position.UNKNOWN, null, EMPTY));
        }
        return new LocatedTree(builder.root, Map.copyOf(builder.positions), List.copyOf(builder.problems));
    }

    private void consume(JsonParser parser) {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            Position here = position(parser.currentTokenLocation());
            lastPosition = here;
            if (parser instanceof YAMLParser yaml) {
                rejectYamlFeatures(yaml, here);
            }
            switch (token) {
                case PROPERTY_NAME -> field(parser.currentName(), here);
                case END_OBJECT, END_ARRAY -> stack.pop();
                default -> value(parser, token, here);
            }
        }
    }

    private void field(String name, Position here) {
        Frame parent = stack.peek();
        ObjectNode object = (ObjectNode) parent.node();
        String pointer = Pointers.child(parent.pointer(), name);
        pendingField = name;
        pendingDuplicate = object.has(name);
        if (pendingDuplicate) {
            problems.add(new Problem(pointer, here, null, "duplicate key '" + name + "'"));
        } else if (!parent.detached()) {
            positions.put(pointer, here);
        }
    }

    private void value(JsonParser parser, JsonToken token, Position here) {
        Frame parent = stack.peek();
        if (parent == null && root != null) {
            problems.add(new Problem("", here, null, "only one document is allowed per file"));
            throw new StopParsing();
        }
        JsonNode node = scalarOrContainer(parser, token, here);
        String pointer;
        boolean detached = parent != null && parent.detached();
        if (parent == null) {
            root = node;
            pointer = "";
            positions.put(pointer, here);
        } else if (parent.node() instanceof ArrayNode array) {
            pointer = Pointers.child(parent.pointer(), array.size());
            array.add(node);
            if (!detached) {
                positions.put(pointer, here);
            }
        } else {
            pointer = Pointers.child(parent.pointer(), pendingField);
            detached |= pendingDuplicate;
            if (!pendingDuplicate) {
                ((ObjectNode) parent.node()).set(pendingField, node);
            }
        }
        if (node.isContainer()) {
            stack.push(new Frame(node, pointer, detached));
            if (stack.size() > Json.MAX_DEPTH) {
                problems.add(new Problem(pointer, here, null, "nesting deeper than " + Json.MAX_DEPTH + " levels"));
                throw new StopParsing();
            }
        }
    }

    private JsonNode scalarOrContainer(JsonParser parser, JsonToken token, Position here) {
        return switch (token) {
            case START_OBJECT -> NODES.objectNode();
            case START_ARRAY -> NODES.arrayNode();
            case VALUE_STRING -> NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> {
                problems.add(new Problem("", here, null, "unsupported value (" + token + ")"));
                yield NODES.nullNode();
            }
        };
    }

    /** Safe loading only: aliases can multiply a small file into a huge tree, tags ask for object types. */
    private void rejectYamlFeatures(YAMLParser yaml, Position here) {
        if (yaml.isCurrentAlias()) {
            problems.add(new Problem("", here, null, "YAML aliases (*name) are not supported in pipeline files"));
        }
        String tag = yaml.getRawTag();
        if (tag != null && !tag.isEmpty()) {
            problems.add(new Problem("", here, null, "YAML tags such as '" + tag + "' are not allowed"));
        }
        if (problems.size() > Limits.MAX_REPORTED) {
            throw new StopParsing();
        }
    }

    private LocatedTree fail(JacksonException e, String message) {
        Position at = e.getLocation() == null || e.getLocation().getLineNr() <= 0
                ? lastPosition : position(e.getLocation());
        List<Problem> all = new ArrayList<>(problems);
        if (!(e instanceof StopParsing)) {
            all.add(new Problem("", at, null, message));
        }
        return new LocatedTree(null, Map.copyOf(positions), all);
    }

    private static Position position(TokenStreamLocation location) {
        return new Position(Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
    }

    /** The parser's explanation without the source excerpt that YAML errors append. */
    private static String firstLine(String message) {
        if (message == null) {
            return "malformed document";
        }
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            if (line.isBlank() || line.startsWith(" ") || line.contains("^") || line.startsWith("in ")) {
                continue;
            }
            out.append(out.isEmpty() ? "" : "; ").append(line.strip());
        }
        return out.isEmpty() ? "malformed document" : out.toString();
    }

    /** Ends parsing once the document is known to be unusable; the problems already say why. */
    private static final class StopParsing extends JacksonException {
        StopParsing() {
            super("stopped");
        }
    }
}
