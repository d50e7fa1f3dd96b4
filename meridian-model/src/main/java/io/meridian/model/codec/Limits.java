package io.meridian.model.codec;

/** Accepted ranges for pipeline settings, and the wording used when a value falls outside them. */
final class Limits {
    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_STAGES = 10_000;
    static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final int MAX_RETRIES = 100;
    static final double MAX_BACKOFF_SECONDS = 24 * 3600;
    static final double MAX_MULTIPLIER = 10;
    /** More errors than this are noise; stop collecting. */
    static final int MAX_REPORTED = 200;

    static final String VERSION = "version must be an integer ≥ 1";
    static final String PRIORITY = "priority must be an integer 1–10";
    static final String TIMEOUT = "timeout_seconds must be an integer 1–" + MAX_TIMEOUT_SECONDS + " (7 days)";
    static final String MAX_RETRIES_RULE = "max_retries must be an integer 0–" + MAX_RETRIES;
    static final String INITIAL_BACKOFF = "initial_backoff_seconds must be a number of seconds > 0 and ≤ 86400 (1 day)";
    static final String MAX_BACKOFF = "max_backoff_seconds must be a number of seconds > 0 and ≤ 86400 (1 day)";
    static final String MULTIPLIER = "multiplier must be a number 1–10";
    static final String JITTER = "jitter must be a number 0–1";
    static final String MIN_CORES = "min_cores must be an integer ≥ 0";
    static final String MIN_MEMORY = "min_memory_mb must be an integer ≥ 0";
    static final String GPUS = "gpus must be an integer ≥ 0";

    private Limits() {}

    static boolean validPriority(int priority) {
        return priority >= 1 && priority <= 10;
    }

    static boolean validTimeout(int seconds) {
        return seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS;
    }

    static boolean validBackoff(double seconds) {
        return seconds > 0 && seconds <= MAX_BACKOFF_SECONDS;
    }
}
