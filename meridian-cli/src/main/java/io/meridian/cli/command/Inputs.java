package io.meridian.cli.command;

import io.meridian.model.json.Json;
import io.meridian.model.pipeline.InputBinder;
import io.meridian.model.pipeline.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Builds an execution's inputs from {@code --input-file} and {@code --input k=v} (later wins), applies the
 * pipeline's declared defaults and checks required and unknown names.
 */
final class Inputs {
    private Inputs() {}

    static ObjectNode resolve(Pipeline pipeline, Path inputFile, Map<String, String> pairs) {
        ObjectNode inputs = Json.object();
        if (inputFile != null) {
            inputs.setAll(readFile(inputFile));
        }
        pairs.forEach((k, v) -> inputs.set(k, parseValue(v)));
        try {
            return InputBinder.bind(pipeline, inputs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (e.getMessage().startsWith("missing")
                    ? ": pass --input NAME=VALUE" : ""));
        }
    }

    /** A value that parses as JSON (number, true/false, null, list, object) keeps its type; anything else is text. */
    static JsonNode parseValue(String raw) {
        try {
            JsonNode parsed = Json.parse(raw);
            return parsed == null || parsed.isMissingNode() ? StringNode.valueOf(raw) : parsed;
        } catch (RuntimeException e) {
            return StringNode.valueOf(raw);
        }
    }

    private static ObjectNode readFile(Path file) {
        try {
            JsonNode n = Json.parse(Files.readString(file));
            if (!(n instanceof ObjectNode o)) {
                throw new IllegalArgumentException(file + ": the input file must hold a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read input file " + file + ": " + e.getMessage());
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }
}
