package io.meridian.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base * 2^n)]. Even the
 * first wait is random, so workers that lost the same coordinator at the same instant do not return in step.
 */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;

    Backoff(Duration base, Duration cap) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
    }

    Duration delay(int attempt, Duration atLeast) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
        return Duration.ofMillis(Math.max(jittered, atLeast == null ? 0 : atLeast.toMillis()));
    }
}
