package io.meridian.server.api;

import java.time.Duration;

/** Request bodies of the lock routes (snake_case on the wire, unknown fields refused). */
public final class LockRequests {
    private LockRequests() {}

    /** {@code POST /v1/locks}. */
    public record Acquire(String resource, String owner, Long ttlMs) {
        public Duration ttl() {
            return LockRequests.ttl(ttlMs);
        }
    }

    /** {@code POST /v1/locks/{resource}/extend}. */
    public record Extend(String lockId, Long ttlMs) {
        public Duration ttl() {
            return LockRequests.ttl(ttlMs);
        }
    }

    private static Duration ttl(Long ms) {
        if (ms == null) {
            throw new IllegalArgumentException("ttl_ms is required (milliseconds, 100 to 3600000)");
        }
        return Duration.ofMillis(ms);
    }
}
