package io.meridian.testkit;

import io.meridian.worker.sdk.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one handler in this thread, as a worker would, without a coordinator:
 *
 * <pre>{@code
 * HandlerRun run = HandlerTester.of(new WordCount()).config("{\"text\": \"a b c\"}").maxAttempts(3).run();
 * assertThat(run.output().get("words").asInt()).isEqualTo(3);
 * assertThat(run.attempts()).hasSize(1);
 * }</pre>
 *
 * A failure the worker would retry is retried, up to {@link #maxAttempts}; a {@code NonRetryableFailure} (or a
 * {@code TaskFailure} marked so) ends the run at once. Time is a manual clock: {@link #advance} moves it, and
 * {@code context.isCancelled()} turns true once it reaches the attempt's deadline.
 */
public final class HandlerTester {
    private static final JsonMapper JSON = JsonMapper.shared();
    final TaskHandler handler;
    ObjectNode config = JSON.createObjectNode();
    ObjectNode dependencies = JSON.createObjectNode();
    JsonNode item;
    final Map<String, String> secrets = new LinkedHashMap<>();
    final Map<String, Object> resources = new LinkedHashMap<>();
    private int maxAttempts = 1;
    private Duration timeout = Duration.ofMinutes(5);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private HandlerTester(TaskHandler handler) {
        this.handler = handler;
    }

    public static HandlerTester of(TaskHandler handler) {
        return new HandlerTester(handler);
    }

    /** The stage's resolved config, as JSON text. */
    public HandlerTester config(String json) {
        this.config = object(json, "config");
        return this;
    }

    /** The upstream stages' outputs by stage id, as JSON text. */
    public HandlerTester dependencies(String json) {
        this.dependencies = object(json, "dependencies");
        return this;
    }

    /** The fan-out element, as JSON text. */
    public HandlerTester item(String json) {
        this.item = JSON.readTree(json);
        return this;
    }

    public HandlerTester secret(String name, String value) {
        secrets.put(name, value);
        return this;
    }

    public HandlerTester resource(String name, Object resource) {
        resources.put(name, resource);
        return this;
    }

    /** Attempts allowed, as a stage's {@code retry.max_attempts} (default 1). */
    public HandlerTester maxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /** Each attempt's deadline, from the manual clock's time when it starts (default 5 minutes). */
    public HandlerTester timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Moves the manual clock: a handler may call this through a test hook to pass its deadline, say. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    /** The manual clock's time. */
    public Instant now() {
        return now;
    }

    /** Runs attempts until one succeeds, one fails in a way not to retry, or {@link #maxAttempts} were made. */
    public HandlerRun run() {
        List<Attempt> attempts = new ArrayList<>();
        for (int number = 1; number <= maxAttempts; number++) {
            TestTaskContext context = new TestTaskContext(this, number, now.plus(timeout), this::now);
            Attempt attempt;
            try {
                attempt = Attempt.of(number, handler.execute(context), null, context);
            } catch (Throwable t) { // as the worker: any Throwable fails the attempt, an Error included
                attempt = Attempt.of(number, null, t, context);
            }
            attempts.add(attempt);
            if (attempt.succeeded() || !attempt.retryable()) {
                break;
            }
        }
        return new HandlerRun(attempts);
    }

    private static ObjectNode object(String json, String what) {
        JsonNode node = JSON.readTree(json);
        if (!(node instanceof ObjectNode o)) {
            throw new IllegalArgumentException(what + " must be a JSON object, got: " + json);
        }
        return o;
    }
}
