package io.meridian.worker.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * Leased locks on named resources, shared by every worker and client of the coordinator (reach them with
 * {@link TaskContext#locks()}). A lock is held until its TTL runs out unless released or extended first; TTLs run
 * from 100 ms to 1 h. Resource names are 1–200 characters and may contain {@code /}, e.g. {@code db/orders/eu}.
 * Invalid arguments throw {@link IllegalArgumentException}; an unreachable coordinator throws a runtime exception.
 */
public interface Locks {

    /** Takes the lock if it is free; empty while someone else (or another job) holds it. Never waits. */
    Optional<Lock> acquire(String resource, Duration ttl);

    /** Releases the lock; false if it had lapsed or passed to someone else. */
    boolean release(Lock lock);

    /** Moves the lock's expiry to now + {@code ttl}, keeping its token; empty if it lapsed or passed on. */
    Optional<Lock> extend(Lock lock, Duration ttl);

    /** The current holder of the lock, if any. */
    Optional<Lock> get(String resource);

    /**
     * Runs {@code work} holding the lock, and releases it afterwards however {@code work} ends. If the lock is
     * held elsewhere this throws a retryable {@link TaskFailure} of type {@code lock_held}, so the job is tried
     * again later per its retry policy rather than blocking a worker slot. {@code ttl} must cover the work: the
     * lock is not extended automatically.
     */
    default <T> T withLock(String resource, Duration ttl, LockedWork<T> work) throws Exception {
        Lock lock = acquire(resource, ttl).orElseThrow(() -> new TaskFailure("lock_held", "lock '" + resource
                + "' is held" + get(resource).map(l -> " by " + l.owner() + " until " + l.expiresAt()).orElse(""),
                false));
        try {
            return work.run(lock);
        } finally {
            release(lock);
        }
    }

    /** Work done while holding a lock; it gets the lock, e.g. to pass its fencing token on. */
    @FunctionalInterface
    interface LockedWork<T> {
        T run(Lock lock) throws Exception;
    }
}
