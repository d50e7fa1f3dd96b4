package io.meridian.protocol.state;

import java.time.Duration;
import java.util.Optional;

/**
 * What a running task may ask the coordinator for besides its lease: locks and checkpoints. Like the lease
 * protocol it has two transports: in-process the engine implements it, remotely an HTTP client does, and the
 * worker runtime sees no difference. Invalid arguments are an {@link IllegalArgumentException} saying which.
 */
public interface TaskStateProtocol {

    /** Takes the lock if it is free; empty while another holder has it. */
    Optional<LockGrant> acquireLock(String resource, String owner, Duration ttl);

    /** Releases the lock if {@code lockId} holds it; false if it lapsed or someone else holds it now. */
    boolean releaseLock(String resource, String lockId);

    /** Moves the expiry to now + {@code ttl} if {@code lockId} still holds the lock; else empty. */
    Optional<LockGrant> extendLock(String resource, String lockId, Duration ttl);

    /** The current holder, if any. */
    Optional<LockGrant> lock(String resource);

    /** Links a checkpoint to a running execution; durable when this returns. */
    void linkCheckpoint(CheckpointLink link);
}
