package io.meridian.worker.stages;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A context a test sets up by hand: config, dependencies, attempt, secrets and resources. */
final class TestingTaskContext implements TaskContext {
    ObjectNode config = Json.object();
    ObjectNode dependencies = Json.object();
    JsonNode item;
    int attempt = 1;
    String idempotencyKey = "x1/stage/0";
    volatile boolean cancelled;
    final Map<String, String> secrets = new HashMap<>();
    final Map<String, Object> resources = new HashMap<>();
    /** JSON pointer → secret names, as the engine computes from the stage's own (unresolved) config. */
    final Map<String, Set<String>> secretRefs = new HashMap<>();

    static TestingTaskContext withConfig(String json) {
        TestingTaskContext c = new TestingTaskContext();
        c.config = (ObjectNode) Json.parse(json);
        return c;
    }

    @Override
    public ObjectNode config() {
        return config;
    }

    @Override
    public ObjectNode dependencies() {
        return dependencies;
    }

    @Override
    public JsonNode item() {
        return item;
    }

    @Override
    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String jobId() {
        return "j1";
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Instant deadline() {
        return Instant.now().plusSeconds(60);
    }

    @Override
    public String secret(String name) {
        String v = secrets.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown secret '" + name + "'");
        }
        return v;
    }

    @Override
    public Set<String> secretsReferencedAt(String pointer) {
        Set<String> out = new TreeSet<>();
        secretRefs.forEach((p, names) -> {
            if (p.equals(pointer) || p.startsWith(pointer + "/")) {
                out.addAll(names);
            }
        });
        return out;
    }

    @Override
    public <T> T resource(String name, Class<T> type) {
        Object r = resources.get(name);
        return type.isInstance(r) ? type.cast(r) : null;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void progress(String message) {
    }
}
