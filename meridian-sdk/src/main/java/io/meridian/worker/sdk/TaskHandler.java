package io.meridian.worker.sdk;

import io.meridian.model.pipeline.ConfigSchema;
import tools.jackson.databind.JsonNode;

/**
 * A stage type. Implement it, give it a type name, and register it: in code with
 * {@link HandlerRegistry#register}, or in a jar on the classpath by listing the class in
 * {@code META-INF/services/io.meridian.worker.sdk.TaskHandler} (it needs a public no-argument constructor).
 *
 * <p>Handlers run on virtual threads and may block. Delivery is at-least-once: a job can run again after its
 * worker was lost, so make side effects idempotent with {@link TaskContext#idempotencyKey()}.
 */
public interface TaskHandler {

    /** The name pipelines use in a stage's {@code type}, such as {@code http_request}. */
    String type();

    /**
     * What this type accepts as a stage's {@code config} (required keys, types). Pipelines are checked against it
     * when they are validated, so a missing or misspelled key is reported with its file:line before anything runs.
     * By default any config is accepted.
     */
    default ConfigSchema configSchema() {
        return ConfigSchema.ANY;
    }

    /**
     * Runs one job and returns its output (any JSON; null means no output).
     *
     * @throws TaskFailure to fail the attempt with a clear message (retried per the stage's policy unless
     *                     non-retryable); any other exception is reported as a retryable handler error
     */
    JsonNode execute(TaskContext context) throws Exception;

    /**
     * A {@link TypedHandler} from a lambda: {@code TaskHandler.typed("word_count", In.class, (in, ctx) -> new
     * Out(...))}.
     */
    static <I, O> TaskHandler typed(String type, Class<I> input, TypedHandler.Work<I, O> work) {
        java.util.Objects.requireNonNull(work, "work");
        return new TypedHandler<I, O>(type, input) {
            @Override
            protected O handle(I in, TaskContext context) throws Exception {
                return work.apply(in, context);
            }
        };
    }
}
