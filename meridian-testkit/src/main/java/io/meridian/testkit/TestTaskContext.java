package io.meridian.testkit;

import io.meridian.worker.sdk.TaskContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The context {@link HandlerTester} gives a handler: the values it was set up with, and what the handler reported. */
final class TestTaskContext implements TaskContext {
    private final HandlerTester setup;
    private final int attempt;
    private final Instant deadline;
    private final Supplier<Instant> now;
    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    TestTaskContext(HandlerTester setup, int attempt, Instant deadline, Supplier<Instant> now) {
        this.setup = setup;
        this.attempt = attempt;
        this.deadline = deadline;
        this.now = now;
    }

    @Override
    public ObjectNode config() {
        return setup.config.deepCopy();
    }

    @Override
    public ObjectNode dependencies() {
        return setup.dependencies.deepCopy();
    }

    @Override
    public JsonNode item() {
        return setup.item == null ? null : setup.item.deepCopy();
    }

    @Override
    public String idempotencyKey() {
        return "test-execution/" + setup.handler.type() + "/0";
    }

    @Override
    public String jobId() {
        return "test-job";
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
        String value = setup.secrets.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown secret '" + name + "' (the test set up " + setup.secrets.keySet()
                    + ")");
        }
        return value;
    }

    @Override
    public Set<String> secretsReferencedAt(String pointer) {
        return Set.of();
    }

    @Override
    public <T> T resource(String name, Class<T> type) {
        Object value = setup.resources.get(name);
        return value == null ? null : type.cast(value);
    }

    @Override
    public boolean isCancelled() {
        return !now.get().isBefore(deadline);
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
