package io.meridian.worker.sdk;

import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A task context holding just a config, for handlers that read nothing else. */
record ConfigOnlyContext(ObjectNode config) implements TaskContext {
    static ConfigOnlyContext of(String json) {
        return new ConfigOnlyContext((ObjectNode) JsonMapper.shared().readTree(json));
    }

    @Override public ObjectNode dependencies() { return config.objectNode(); }
    @Override public JsonNode item() { return null; }
    @Override public String idempotencyKey() { return "e/s/0"; }
    @Override public String jobId() { return "job-1"; }
    @Override public int attempt() { return 1; }
    @Override public Instant deadline() { return Instant.MAX; }
    @Override public String secret(String name) { throw new IllegalArgumentException(name); }
    @Override public Set<String> secretsReferencedAt(String pointer) { return Set.of(); }
    @Override public <T> T resource(String name, Class<T> type) { throw new IllegalArgumentException(name); }
    @Override public boolean isCancelled() { return false; }
    @Override public void progress(String message) {}
}
