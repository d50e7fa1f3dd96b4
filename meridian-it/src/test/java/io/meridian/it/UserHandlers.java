package io.meridian.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sources of a user's handler jar, as a new user would write them: {@code word_count}, {@code mistake}
 * (makes each mistake the SDK must survive, chosen by {@code config.kind}), and {@code broken}, whose class fails
 * its static initialisation and so cannot even load. {@code Gone} is compiled but left out of the jar.
 */
final class UserHandlers {
    static final String WORD_COUNT = """
            package acme.words;

            import io.meridian.worker.sdk.TaskContext;
            import io.meridian.worker.sdk.TaskHandler;
            import tools.jackson.databind.JsonNode;
            import tools.jackson.databind.node.JsonNodeFactory;

            public final class WordCount implements TaskHandler {
                public String type() { return "word_count"; }

                public JsonNode execute(TaskContext context) {
                    String text = context.config().path("text").asString("") + " " + context.item();
                    return JsonNodeFactory.instance.objectNode().put("words", text.strip().split("\\\\s+").length)
                            .put("pid", ProcessHandle.current().pid()).set("item", context.item());
                }
            }
            """;

    static final String MISTAKE = """
            package acme.words;

            import io.meridian.worker.sdk.NonRetryableFailure;
            import io.meridian.worker.sdk.TaskContext;
            import io.meridian.worker.sdk.TaskHandler;
            import tools.jackson.databind.JsonNode;
            import tools.jackson.databind.node.JsonNodeFactory;
            import tools.jackson.databind.node.ObjectNode;

            public final class Mistake implements TaskHandler {
                public String type() { return "mistake"; }

                public JsonNode execute(TaskContext context) throws Exception {
                    ObjectNode out = JsonNodeFactory.instance.objectNode();
                    switch (context.config().path("kind").asString()) {
                        case "cyclic" -> out.putPOJO("loop", new SelfRef());
                        case "throwing_getter" -> out.putPOJO("bad", new ThrowingGetter());
                        case "nan" -> out.put("ratio", Double.NaN);
                        case "empty" -> out.putPOJO("thing", new Object());
                        case "missing_class" -> out.put("made", Gone.make());
                        case "static_init" -> out.put("value", Exploding.VALUE);
                        case "non_retryable" -> throw new NonRetryableFailure("order 42 does not exist");
                        case "fail_twice" -> {
                            if (context.attempt() < 3) {
                                throw new IllegalStateException("outage on attempt " + context.attempt());
                            }
                            out.put("attempt", context.attempt());
                        }
                        default -> throw new IllegalArgumentException("no such mistake");
                    }
                    return out;
                }

                public static final class SelfRef {
                    public SelfRef getSelf() { return this; }
                }

                public static final class ThrowingGetter {
                    public String getValue() { throw new IllegalStateException("getter exploded"); }
                }

                static final class Exploding {
                    static final int VALUE;
                    static {
                        if (Boolean.parseBoolean("true")) {
                            throw new IllegalStateException("static init exploded");
                        }
                        VALUE = 1;
                    }
                }
            }
            """;

    static final String GONE = """
            package acme.words;

            public final class Gone {
                public static String make() { return "never"; }
            }
            """;

    static final String BROKEN = """
            package acme.words;

            import io.meridian.worker.sdk.TaskContext;
            import io.meridian.worker.sdk.TaskHandler;
            import tools.jackson.databind.JsonNode;

            public final class Broken implements TaskHandler {
                static {
                    if (Boolean.parseBoolean("true")) {
                        throw new IllegalStateException("no licence key");
                    }
                }

                public String type() { return "broken"; }

                public JsonNode execute(TaskContext context) { return null; }
            }
            """;

    private UserHandlers() {}

    /** The handler jar: word_count and mistake load, broken is reported, Gone is missing at run time. */
    static Path jar(Path dir) throws IOException {
        return HandlerJar.build(dir, "acme-handlers", Map.of("acme.words.WordCount", WORD_COUNT,
                        "acme.words.Mistake", MISTAKE, "acme.words.Gone", GONE, "acme.words.Broken", BROKEN),
                List.of("acme.words.Broken", "acme.words.WordCount", "acme.words.Mistake"), Set.of("acme.words.Gone"));
    }

    /** A jar with a handler class but no services file: it adds nothing, and loading says so. */
    static Path jarWithoutServices(Path dir) throws IOException {
        return HandlerJar.build(dir, "forgot-services", Map.of("acme.words.WordCount", WORD_COUNT), List.of(),
                Set.of());
    }
}
