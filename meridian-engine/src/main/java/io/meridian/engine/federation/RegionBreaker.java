package io.meridian.engine.federation;

import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker per region: after {@code threshold} failures in a row the region is left out for
 * {@code coolDown}; then one trial run is let through (half-open), whose success closes the breaker and whose
 * failure opens it again. The same shape as the engine's worker breaker, counting runs instead of lost jobs.
 */
public final class RegionBreaker {
    /** The breaker's states. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration coolDown;
    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt;
    private boolean trialOut;

    public RegionBreaker(int threshold, Duration coolDown) {
        this.threshold = threshold;
        this.coolDown = coolDown;
    }

    /** Whether a run may go to the region now; in half-open state only one run (the trial) is let through. */
    public synchronized boolean tryAcquire(Instant now) {
        if (state == State.OPEN && !now.isBefore(openedAt.plus(coolDown))) {
            state = State.HALF_OPEN;
            trialOut = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                boolean first = !trialOut;
                trialOut = true;
                yield first;
            }
        };
    }

    /** Whether the region would be considered now (does not take the half-open trial). */
    public synchronized boolean isAvailable(Instant now) {
        return state == State.CLOSED || state == State.HALF_OPEN && !trialOut
                || state == State.OPEN && !now.isBefore(openedAt.plus(coolDown));
    }

    public synchronized void succeeded() {
        state = State.CLOSED;
        failures = 0;
    }

    public synchronized void failed(Instant now) {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = now;
            failures = 0;
        }
    }

    public synchronized State state() {
        return state;
    }
}
