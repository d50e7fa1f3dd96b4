package io.meridian.model.pipeline;

import java.time.Duration;

/**
 * Exponential backoff with jitter. Retry n (1-based) waits {@code initial * multiplier^(n-1)}, capped at
 * {@code maxBackoff}, then spread by ±{@code jitter} (a fraction: 0.1 means ±10 %).
 * The default waits 5 s, 10 s and 20 s before three retries.
 */
public record RetryPolicy(int maxRetries, double initialBackoffSeconds, double multiplier,
                          double maxBackoffSeconds, double jitter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, 5, 2, 300, 0.1);
    public static final RetryPolicy NONE = new RetryPolicy(0, 5, 2, 300, 0.1);

    /**
     * @param retryNumber 1 for the first retry
     * @param random a uniform value in [0, 1) supplied by the caller, so the schedule is testable
     */
    public Duration backoff(int retryNumber, double random) {
        double base = initialBackoffSeconds * Math.pow(multiplier, Math.max(0, retryNumber - 1));
        double capped = Math.min(base, maxBackoffSeconds);
        double spread = capped * jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(0, Math.round((capped + spread) * 1000)));
    }
}
