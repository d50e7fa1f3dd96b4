package io.meridian.engine.federation;

/**
 * A region could not run a task. {@code unreachable} failures (connection refused, timeouts) count against the
 * region's circuit breaker like any other; {@code retryable} false means another attempt cannot help (the region
 * refused the key or the stage).
 */
public final class RegionFailure extends Exception {
    private final boolean retryable;

    public RegionFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
