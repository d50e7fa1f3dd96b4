package io.meridian.engine.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A circuit breaker per worker id (across incarnations) for infrastructure failures: jobs lost with the worker
 * (it crashed, restarted, or went silent while holding them). After {@code threshold} such losses within
 * {@code window} the breaker opens and the worker is given no jobs for {@code coolDown}; then one trial job
 * (half-open), and a success closes it again. Handler errors are the job's business, not the worker's.
 */
public final class WorkerBreaker {
    /** The breaker's states. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration window;
    private final Duration coolDown;
    private final ArrayDeque<Instant> failures = new ArrayDeque<>();
    private State state = State.CLOSED;
    private Instant openedAt;
    private boolean trialOut;

    public WorkerBreaker(int threshold, Duration window, Duration coolDown) {
        this.threshold = threshold;
        this.window = window;
        this.coolDown = coolDown;
    }

    /** How many jobs the worker may be given now (0 while open, 1 when half-open). */
    public int allowance(Instant now, int wanted) {
        if (state == State.OPEN && !now.isBefore(openedAt.plus(coolDown))) {
            state = State.HALF_OPEN;
            trialOut = false;
        }
        return switch (state) {
            case CLOSED -> wanted;
            case OPEN -> 0;
            case HALF_OPEN -> trialOut ? 0 : Math.min(1, wanted);
        };
    }

    public void granted(int n) {
        if (state == State.HALF_OPEN && n > 0) {
            trialOut = true;
        }
    }

    public void lostJob(Instant now) {
        if (state == State.HALF_OPEN) {
            open(now);
            return;
        }
        failures.addLast(now);
        while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(window))) {
            failures.pollFirst();
        }
        if (failures.size() >= threshold) {
            open(now);
        }
    }

    public void succeeded() {
        if (state == State.HALF_OPEN) {
            state = State.CLOSED;
        }
        failures.clear();
    }

    private void open(Instant now) {
        state = State.OPEN;
        openedAt = now;
        failures.clear();
    }

    public State state() {
        return state;
    }
}
