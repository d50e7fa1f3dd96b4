package io.meridian.embedded;

/**
 * Entry points for running Meridian inside your own JVM: {@link #embedded()} runs a whole engine (store, coordinator,
 * workers) in-process, as {@code meridian run} does. To run only a worker that joins a coordinator elsewhere, use
 * {@code io.meridian.worker.MeridianWorker}.
 */
public final class Meridian {
    private Meridian() {}

    /**
     * An in-process engine with your handlers and the built-in stage types:
     *
     * <pre>{@code
     * EmbeddedRun run = Meridian.embedded().handler(new WordCount()).run(pipeline);
     * JsonNode words = run.output("count");
     * }</pre>
     */
    public static EmbeddedMeridian embedded() {
        return new EmbeddedMeridian();
    }
}
