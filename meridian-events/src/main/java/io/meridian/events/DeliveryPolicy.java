package io.meridian.events;

import java.time.Duration;

/**
 * How a sink delivers: events per batch, and how hard it tries before giving an event up as a dead letter.
 *
 * @param batchSize    events sent per broker round trip (1–10,000)
 * @param maxAttempts  deliveries of a batch tried before its first event becomes a dead letter (at least 1)
 * @param firstBackoff the wait after the first failure; it doubles after each failure
 * @param maxBackoff   the longest wait between two attempts
 * @param timeout      how long one delivery may wait for the broker's acknowledgement
 */
public record DeliveryPolicy(int batchSize, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                             Duration timeout) {

    /**
     * 2,000 events a batch: a broker round trip and a cursor write per 2,000 events. With 500, the round trips
     * capped Redis at ~7.7k and Kafka at ~9-16k events/s on a busy 2-core machine (docs/events.md, "Benchmarks").
     */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(2_000, 10, Duration.ofMillis(100),
            Duration.ofSeconds(30), Duration.ofSeconds(10));

    public DeliveryPolicy {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch_size must be 1 to 10000, got " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be at least 1, got " + maxAttempts);
        }
        for (Duration d : new Duration[] {firstBackoff, maxBackoff, timeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("backoffs and the timeout must be positive durations, got " + d);
            }
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 = the first). */
    public Duration backoff(int failures) {
        long millis = firstBackoff.toMillis() << Math.min(30, Math.max(0, failures - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
