package io.meridian.store.lock;

import java.time.Instant;

/**
 * A held lock. {@code fencingToken} grows strictly with every acquisition of any lock in the store, so a
 * resource that remembers the highest token it has seen can refuse a holder whose lock expired and was taken
 * by someone else in the meantime.
 */
public record LockInfo(String resource, String lockId, String owner, long fencingToken,
                       Instant acquiredAt, Instant expiresAt) {}
