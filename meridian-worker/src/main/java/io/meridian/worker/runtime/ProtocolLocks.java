package io.meridian.worker.runtime;

import io.meridian.protocol.state.LockGrant;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.worker.sdk.Lock;
import io.meridian.worker.sdk.Locks;
import java.time.Duration;
import java.util.Optional;

/** A job's {@link Locks}, over the task-state protocol: in-process the engine, remotely the coordinator's API. */
final class ProtocolLocks implements Locks {
    private final TaskStateProtocol protocol;
    private final String owner;

    ProtocolLocks(TaskStateProtocol protocol, String owner) {
        this.protocol = protocol;
        this.owner = owner;
    }

    @Override
    public Optional<Lock> acquire(String resource, Duration ttl) {
        return protocol.acquireLock(resource, owner, ttl).map(ProtocolLocks::lock);
    }

    @Override
    public boolean release(Lock lock) {
        return protocol.releaseLock(lock.resource(), lock.lockId());
    }

    @Override
    public Optional<Lock> extend(Lock lock, Duration ttl) {
        return protocol.extendLock(lock.resource(), lock.lockId(), ttl).map(ProtocolLocks::lock);
    }

    @Override
    public Optional<Lock> get(String resource) {
        return protocol.lock(resource).map(ProtocolLocks::lock);
    }

    private static Lock lock(LockGrant g) {
        return new Lock(g.resource(), g.lockId(), g.owner(), g.fencingToken(), g.acquiredAt(), g.expiresAt());
    }
}
