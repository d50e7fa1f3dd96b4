package io.meridian.model.codec;

import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.Foreach;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads one stage object, applying the pipeline defaults so the Stage holds effective values. */
final class StageDecoder {
    private StageDecoder() {}

    static Stage decode(JsonNode stage, String pointer, StageDefaults defaults, FederationStrategy defaultStrategy,
                        List<Problem> problems) {
        String id = stage.path("id").isString() ? stage.get("id").stringValue() : null;
        NodeReader reader = new NodeReader(problems, id);
        KnownFields.STAGE.check(stage, pointer, id, problems);
        reader.text(stage, pointer, "id");
        String name = reader.text(stage, pointer, "name");
        String type = reader.text(stage, pointer, "type");
        JsonNode config = reader.object(stage, pointer, "config");
        List<String> dependsOn = reader.strings(stage, pointer, "depends_on");
        Integer timeout = reader.integer(stage, pointer, "timeout_seconds", Limits.TIMEOUT);
        Integer priority = reader.integer(stage, pointer, "priority", Limits.PRIORITY);
        return new Stage(id, type, config == null ? null : (ObjectNode) config, dependsOn,
                retry(stage, pointer, defaults.retry(), reader, problems, id),
                timeout == null ? defaults.timeoutSeconds() : timeout,
                priority == null ? defaults.priority() : priority,
                requirements(stage, pointer, reader, problems, id),
                foreach(stage, reader, pointer),
                name, PlacementDecoder.decode(stage, pointer, defaults.placement(), reader, problems, id),
                FederationDecoder.stage(stage, pointer, defaultStrategy, reader, problems, id));
    }

    private static RetryPolicy retry(JsonNode stage, String pointer, RetryPolicy base, NodeReader reader,
                                     List<Problem> problems, String id) {
        JsonNode retry = reader.object(stage, pointer, "retry");
        return retry == null ? base
                : RetryDecoder.decode(retry, Pointers.child(pointer, "retry"), base, reader, problems, id);
    }

    private static Requirements requirements(JsonNode stage, String pointer, NodeReader reader,
                                             List<Problem> problems, String id) {
        JsonNode requires = reader.object(stage, pointer, "requires");
        if (requires == null) {
            return Requirements.NONE;
        }
        String at = Pointers.child(pointer, "requires");
        KnownFields.REQUIRES.check(requires, at, id, problems);
        List<String> capabilities = reader.strings(requires, at, "capabilities");
        Integer cores = reader.integer(requires, at, "min_cores", Limits.MIN_CORES);
        Long memory = reader.longInteger(requires, at, "min_memory_mb", Limits.MIN_MEMORY);
        Integer gpus = reader.integer(requires, at, "gpus", Limits.GPUS);
        String nodeType = reader.text(requires, at, "node_type");
        return new Requirements(capabilities, cores == null ? 0 : cores, memory == null ? 0 : memory,
                gpus == null ? 0 : gpus, nodeType);
    }

    private static Foreach foreach(JsonNode stage, NodeReader reader, String pointer) {
        JsonNode node = stage.get("foreach");
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            reader.report(pointer, "foreach", "foreach must be a template string such as \"{{input.files}}\", got "
                    + NodeReader.describe(node));
            return null;
        }
        return new Foreach(node.stringValue());
    }
}
