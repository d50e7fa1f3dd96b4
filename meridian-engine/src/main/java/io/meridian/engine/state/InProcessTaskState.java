package io.meridian.engine.state;

import io.meridian.engine.checkpoints.CheckpointService;
import io.meridian.engine.locks.LockService;
import io.meridian.protocol.state.CheckpointLink;
import io.meridian.protocol.state.LockGrant;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.store.lock.LockInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The task-state protocol for workers in the coordinator's own process: the same services the REST routes use,
 * called directly (stage outputs straight from the coordinator's memory or store), as the lease service is for
 * in-process workers.
 */
public final class InProcessTaskState implements TaskStateProtocol {
    private final LockService locks;
    private final CheckpointService checkpoints;
    private final BiFunction<String, String, Optional<JsonNode>> stageOutputs;

    /** @param stageOutputs a succeeded stage's output by execution id and stage id (the coordinator's lookup) */
    public InProcessTaskState(LockService locks, CheckpointService checkpoints,
                              BiFunction<String, String, Optional<JsonNode>> stageOutputs) {
        this.locks = locks;
        this.checkpoints = checkpoints;
        this.stageOutputs = stageOutputs;
    }

    @Override
    public Optional<LockGrant> acquireLock(String resource, String owner, Duration ttl) {
        return locks.acquire(resource, owner, ttl).map(InProcessTaskState::grant);
    }

    @Override
    public boolean releaseLock(String resource, String lockId) {
        return locks.release(resource, lockId);
    }

    @Override
    public Optional<LockGrant> extendLock(String resource, String lockId, Duration ttl) {
        return locks.extend(resource, lockId, ttl).map(InProcessTaskState::grant);
    }

    @Override
    public Optional<LockGrant> lock(String resource) {
        return locks.get(resource).map(InProcessTaskState::grant);
    }

    @Override
    public void linkCheckpoint(CheckpointLink link) {
        checkpoints.link(link.executionId(), link.checkpointId(), link.stageId(), link.metadata())
                .orElseThrow(() -> new IllegalArgumentException("execution '" + link.executionId() + "' not found"));
    }

    @Override
    public Optional<JsonNode> stageOutput(String executionId, String stageId) {
        return stageOutputs.apply(executionId, stageId);
    }

    private static LockGrant grant(LockInfo l) {
        return new LockGrant(l.resource(), l.lockId(), l.owner(), l.fencingToken(), l.acquiredAt(), l.expiresAt());
    }
}
