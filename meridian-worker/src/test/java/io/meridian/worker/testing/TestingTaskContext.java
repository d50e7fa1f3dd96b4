package io.meridian.worker.testing;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link TaskContext} a test sets up by hand. {@link #secretRefs} mimics the payload's {@code secret_refs}
 * (JSON pointer → secret names), which the engine computes from the stage's own unresolved config: only names
 * listed at or under a pointer are returned by {@link #secretsReferencedAt}, exactly as the worker runtime does.
 */
public final class TestingTaskContext implements TaskContext {
    private ObjectNode config = Json.object();
    private ObjectNode dependencies = Json.object();
    private JsonNode item;
    private int attempt = 1;
    private String idempotencyKey = "x1/stage/0";
    private String jobId = "j1";
    private Instant deadline = Instant.now().plusSeconds(60);
    private volatile boolean cancelled;
    public final Map<String, String> secrets = new HashMap<>();
    public final Map<String, Object> resources = new HashMap<>();
    public final Map<String, Set<String>> secretRefs = new HashMap<>();
    public final List<String> progress = new CopyOnWriteArrayList<>();
    public final List<String> log = new CopyOnWriteArrayList<>();
    /** How many times the handler asked {@link #isCancelled()}. */
    public final AtomicInteger cancelChecks = new AtomicInteger();

    public static TestingTaskContext withConfig(String json) {
        return new TestingTaskContext().config(json);
    }

    public TestingTaskContext config(String json) {
        this.config = (ObjectNode) Json.parse(json);
        return this;
    }

    public TestingTaskContext dependency(String stageId, String json) {
        dependencies.set(stageId, Json.parse(json));
        return this;
    }

    public TestingTaskContext item(JsonNode item) {
        this.item = item;
        return this;
    }

    public TestingTaskContext attempt(int attempt) {
        this.attempt = attempt;
        return this;
    }

    public TestingTaskContext idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    public TestingTaskContext deadline(Instant deadline) {
        this.deadline = deadline;
        return this;
    }

    public TestingTaskContext cancel() {
        this.cancelled = true;
        return this;
    }

    public TestingTaskContext secret(String name, String value) {
        secrets.put(name, value);
        return this;
    }

    /** Declares that the stage's own config references {@code names} at {@code pointer} (the engine's secret_refs). */
    public TestingTaskContext secretRefs(String pointer, String... names) {
        secretRefs.computeIfAbsent(pointer, p -> new TreeSet<>()).addAll(List.of(names));
        return this;
    }

    /** Takes a whole secret_refs map, as found in a job payload. */
    public TestingTaskContext secretRefs(Map<String, ? extends Set<String>> refs) {
        refs.forEach((p, n) -> secretRefs.computeIfAbsent(p, x -> new TreeSet<>()).addAll(n));
        return this;
    }

    public TestingTaskContext resource(String name, Object value) {
        resources.put(name, value);
        return this;
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
        return jobId;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Instant deadline() {
        return deadline;
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
        cancelChecks.incrementAndGet();
        return cancelled || (deadline != null && Instant.now().isAfter(deadline));
    }

    @Override
    public void progress(String message) {
        progress.add(message);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }
}
