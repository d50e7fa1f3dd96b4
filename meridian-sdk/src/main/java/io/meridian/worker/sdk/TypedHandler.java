package io.meridian.worker.sdk;

import io.meridian.worker.sdk.typed.JsonBinding;
import tools.jackson.databind.JsonNode;

/**
 * A handler whose config and output are Java types (records, usually) that Jackson binds: the stage's resolved
 * {@code config} becomes an {@code I}, and the {@code O} returned becomes the stage's output.
 *
 * <pre>{@code
 * public final class WordCount extends TypedHandler<WordCount.In, WordCount.Out> {
 *     public record In(String text) {}
 *     public record Out(int words) {}
 *
 *     public WordCount() { super("word_count", In.class); }
 *
 *     protected Out handle(In in, TaskContext context) {
 *         return new Out(in.text().strip().split("\\s+").length);
 *     }
 * }
 * }</pre>
 *
 * Binding is strict: an unknown config key, a missing field and a value of the wrong type fail the job at once
 * (not retried) as {@code bad_input}, naming the field ({@code config.text: ...}); an output Jackson cannot write fails
 * it as {@code bad_output}. Use {@link TaskHandler#typed} for a lambda instead of a class.
 *
 * @param <I> what the stage's config binds to
 * @param <O> what the handler returns; written as the stage's output
 */
public abstract class TypedHandler<I, O> implements TaskHandler {
    private final String type;
    private final Class<I> input;

    protected TypedHandler(String type, Class<I> input) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a stage type name is required");
        }
        this.type = type;
        this.input = java.util.Objects.requireNonNull(input, "input type");
    }

    /** Does the work of one job with its config already bound; may block (handlers run on virtual threads). */
    protected abstract O handle(I in, TaskContext context) throws Exception;

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final JsonNode execute(TaskContext context) throws Exception {
        I in = JsonBinding.read(context.config(), input, "config");
        return JsonBinding.write(handle(in, context), "output");
    }

    /** The work of a typed handler given as a lambda: see {@link TaskHandler#typed}. */
    @FunctionalInterface
    public interface Work<I, O> {
        O apply(I in, TaskContext context) throws Exception;
    }
}
