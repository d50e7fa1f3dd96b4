package io.meridian.store.lock;

/** What one lock transaction changed: what its events describe. */
public sealed interface LockChange {

    /** {@code lock} was taken. */
    record Acquired(LockInfo lock) implements LockChange {}

    /** The holder {@code lockId} released {@code resource}. */
    record Released(String resource, String lockId) implements LockChange {}

    /** {@code lock} (as it was held) lapsed without a release; this transaction settled it, so it is told once. */
    record Expired(LockInfo lock) implements LockChange {}
}
