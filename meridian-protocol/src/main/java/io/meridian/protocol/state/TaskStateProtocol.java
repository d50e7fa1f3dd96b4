package io.meridian.protocol.state;

import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a running task may ask the coordinator for besides its lease: locks, checkpoints and the outputs of the
 * upstream stages its job refers to. Like the lease
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

    /**
     * The output of a stage that succeeded. Jobs carry references to the upstream outputs they read (execution id
     * and stage ids), never copies, so a fan-out of N stays O(N) to store; the worker reads the outputs here, once
     * per stage thanks to its cache. Empty when the execution or stage is unknown or the stage has not succeeded.
     * The node returned may be shared: callers must not change it.
     */
    Optional<JsonNode> stageOutput(String executionId, String stageId);
}
