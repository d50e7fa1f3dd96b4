package io.meridian.model.pipeline;

/** Pipeline-level defaults that every stage inherits unless it sets its own. */
public record StageDefaults(RetryPolicy retry, int timeoutSeconds, int priority, String placement) {

    /** Defaults with the coordinator's placement strategy. */
    public StageDefaults(RetryPolicy retry, int timeoutSeconds, int priority) {
        this(retry, timeoutSeconds, priority, null);
    }

    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    public static final int DEFAULT_PRIORITY = 5;
    public static final StageDefaults DEFAULT =
            new StageDefaults(RetryPolicy.DEFAULT, DEFAULT_TIMEOUT_SECONDS, DEFAULT_PRIORITY);
}
