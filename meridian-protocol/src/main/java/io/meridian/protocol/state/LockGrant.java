package io.meridian.protocol.state;

import java.time.Instant;

/**
 * A held lock as the coordinator reports it. {@code fencingToken} grows with every acquisition, so a resource
 * that remembers the highest token it has seen can refuse a holder whose lock lapsed and passed to another.
 */
public record LockGrant(String resource, String lockId, String owner, long fencingToken, Instant acquiredAt,
                        Instant expiresAt) {}
