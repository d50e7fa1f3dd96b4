package io.meridian.bench.handlers;

import io.meridian.protocol.lease.ResultCheck;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a typed handler costs per call against a raw one doing the same work: both take a text and a limit from the
 * stage's config and return the word count, the truncated text and whether it was truncated. Each call goes the way
 * the worker runs a job: {@code execute(context)}, then the output is checked as the worker checks it before
 * reporting (size and serialisability). The typed handler also binds the config to a record and serialises its
 * output record to JSON: that binding is the overhead measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandlerCallBenchmark {
    /** The worker's default limit on a result. */
    private static final long MAX_RESULT_BYTES = ResultCheck.DEFAULT_MAX_RESULT_BYTES;

    /** The typed handler's input, bound from the config. */
    public record Excerpt(String text, int limit) {}

    /** The typed handler's output, serialised to the job's result. */
    public record Summary(int words, String excerpt, boolean truncated) {}

    private TaskHandler raw;
    private TaskHandler typed;
    private TaskContext context;

    @Setup
    public void setUp() {
        raw = new RawExcerpt();
        typed = TaskHandler.typed("excerpt", Excerpt.class, (in, ctx) -> summarise(in.text(), in.limit()));
        ObjectNode config = JsonNodeFactory.instance.objectNode()
                .put("text", "the quick brown fox jumps over the lazy dog and runs off into the woods")
                .put("limit", 20);
        context = new BenchTaskContext(config);
    }

    @Benchmark
    public JsonNode raw() throws Exception {
        return ResultCheck.validated(raw.execute(context), MAX_RESULT_BYTES);
    }

    @Benchmark
    public JsonNode typed() throws Exception {
        return ResultCheck.validated(typed.execute(context), MAX_RESULT_BYTES);
    }

    static Summary summarise(String text, int limit) {
        int words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        boolean truncated = text.length() > limit;
        return new Summary(words, truncated ? text.substring(0, limit) : text, truncated);
    }

    /** The same work on the JSON tree: fields read by hand, the output built node by node. */
    static final class RawExcerpt implements TaskHandler {
        @Override
        public String type() {
            return "excerpt";
        }

        @Override
        public JsonNode execute(TaskContext context) {
            ObjectNode config = context.config();
            Summary s = summarise(config.path("text").asString(), config.path("limit").asInt());
            return JsonNodeFactory.instance.objectNode().put("words", s.words()).put("excerpt", s.excerpt())
                    .put("truncated", s.truncated());
        }
    }
}
