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
    default Optional<LockInfo> acquire(String resource, String owner, Duration ttl) {
        return acquire(resource, owner, ttl, LockOutbox.NONE);
    }

    /**
     * As {@link #acquire(String, String, Duration)}, appending {@code outbox}'s events in the same transaction: an
     * {@link LockChange.Expired} for a previous holder that lapsed without a release and was not yet settled, then
     * the {@link LockChange.Acquired}. A refused acquisition changes nothing and appends nothing. On a fenced store
     * the events are appended only while its epoch is the current term ({@link io.meridian.store.Store#fence}).
     */
    Optional<LockInfo> acquire(String resource, String owner, Duration ttl, LockOutbox outbox);

    /** Releases the lock if {@code lockId} still holds it; false if it expired, was taken, or never existed. */
    default boolean release(String resource, String lockId) {
        return release(resource, lockId, LockOutbox.NONE);
    }

    /** As {@link #release(String, String)}, appending the {@link LockChange.Released} event with it. */
    boolean release(String resource, String lockId, LockOutbox outbox);

    /** Moves the expiry to now + {@code ttl} if {@code lockId} still holds the lock (same token); else empty. */
    Optional<LockInfo> extend(String resource, String lockId, Duration ttl);

    /** The current unexpired holder, if any. */
    Optional<LockInfo> get(String resource);

    /** Unexpired locks whose resource starts with {@code prefix} ("" for all), by resource, at most {@code limit}. */
    List<LockInfo> list(String prefix, int limit);

    /**
     * Locks whose lease ran out without a release and that were not settled yet (by {@link #settleLapsed}, or by
     * the next acquisition of their resource), at most {@code limit}: a read, without a transaction.
     */
    List<LockInfo> lapsed(int limit);

    /**
     * Settles those of {@code locks} that are still lapsed under the same lock id, appending one {@link
     * LockChange.Expired} each in the same transaction; returns the ones settled. A lock is settled once: whoever
     * settles it later (another call, another coordinator after a takeover) finds it settled and tells nothing.
     */
    List<LockInfo> settleLapsed(List<LockInfo> locks, LockOutbox outbox);
}
