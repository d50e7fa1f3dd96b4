package io.meridian.bench.handlers;

import io.meridian.worker.sdk.TaskContext;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job context a handler gets, reduced to what the benchmarked handlers read: the stage's config. Built once
 * and reused, so the benchmark measures the handler call, not the context.
 */
final class BenchTaskContext implements TaskContext {
    private final ObjectNode config;
    private final ObjectNode dependencies = JsonNodeFactory.instance.objectNode();

    BenchTaskContext(ObjectNode config) {
        this.config = config;
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
        return null;
    }

    @Override
    public String idempotencyKey() {
        return "bench-job#1";
    }

    @Override
    public String jobId() {
        return "bench-job";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Instant deadline() {
        return null;
    }

    @Override
    public String secret(String name) {
        return null;
    }

    @Override
    public Set<String> secretsReferencedAt(String pointer) {
        return Set.of();
    }

    @Override
    public <T> T resource(String name, Class<T> type) {
        return null;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void progress(String message) {
        // nothing to show in a benchmark
    }
}
