package io.meridian.engine.queue;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Jobs-per-second limits by stage type: a token bucket per limited type, refilled greedily. */
final class RateLimits {
    private final Map<String, Bucket> buckets = new HashMap<>();

    RateLimits(Map<String, Double> perSecond) {
        perSecond.forEach((type, rate) -> buckets.put(type, bucket(rate)));
    }

    private static Bucket bucket(double perSecond) {
        // Capacity of one second's worth (at least 1) allows short bursts but keeps the average at the rate.
        long capacity = Math.max(1, Math.round(perSecond));
        long periodNanos = Math.round(capacity / perSecond * 1_000_000_000L);
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, Duration.ofNanos(periodNanos)))
                .build();
    }

    /** True if a job of this type may start now; takes nothing. */
    boolean hasToken(String type) {
        Bucket b = buckets.get(type);
        return b == null || b.getAvailableTokens() >= 1;
    }

    /** Takes the token for a job of this type that is being handed out. */
    void take(String type) {
        Bucket b = buckets.get(type);
        if (b != null) {
            b.tryConsume(1);
        }
    }
}
