package io.meridian.server.auth;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Requests per second per token (token buckets, Bucket4j); over the limit the caller gets 429. */
public final class TokenRateLimiter {
    private final long perSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenRateLimiter(long perSecond) {
        this.perSecond = perSecond;
    }

    public boolean tryAcquire(String tokenName) {
        return perSecond <= 0 || buckets.computeIfAbsent(tokenName, k -> Bucket.builder()
                .addLimit(l -> l.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))).build())
                .tryConsume(1);
    }
}
