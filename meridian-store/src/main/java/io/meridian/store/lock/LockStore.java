package io.meridian.store.lock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Leased locks on named resources, for the coordinator's own use and for users' task handlers. Expiry is judged
 * by the store's clock (the database's {@code now()} on PostgreSQL), never by a caller's wall clock, so two
 * machines whose clocks disagree still agree on who holds a lock. Every operation is atomic.
 */
public interface LockStore {

    /** Takes the lock if it is free or expired; empty if someone holds it. The token is new and the highest yet. */
    Optional<LockInfo> acquire(String resource, String owner, Duration ttl);

    /** Releases the lock if {@code lockId} still holds it; false if it expired, was taken, or never existed. */
    boolean release(String resource, String lockId);

    /** Moves the expiry to now + {@code ttl} if {@code lockId} still holds the lock (same token); else empty. */
    Optional<LockInfo> extend(String resource, String lockId, Duration ttl);

    /** The current unexpired holder, if any. */
    Optional<LockInfo> get(String resource);

    /** Unexpired locks whose resource starts with {@code prefix} ("" for all), by resource, at most {@code limit}. */
    List<LockInfo> list(String prefix, int limit);
}
