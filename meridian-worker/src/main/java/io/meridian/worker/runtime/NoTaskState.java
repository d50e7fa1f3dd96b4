package io.meridian.worker.runtime;

import io.meridian.protocol.state.CheckpointLink;
import io.meridian.protocol.state.LockGrant;
import io.meridian.protocol.state.TaskStateProtocol;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** For a runtime started without a task-state connection: every call says so. */
final class NoTaskState implements TaskStateProtocol {
    static final NoTaskState INSTANCE = new NoTaskState();

    private NoTaskState() {}

    private static IllegalStateException unavailable() {
        return new IllegalStateException("this worker runtime was started without a task-state connection: "
                + "locks, checkpoints and upstream outputs are unavailable");
    }

    @Override
    public Optional<LockGrant> acquireLock(String resource, String owner, Duration ttl) {
        throw unavailable();
    }

    @Override
    public boolean releaseLock(String resource, String lockId) {
        throw unavailable();
    }

    @Override
    public Optional<LockGrant> extendLock(String resource, String lockId, Duration ttl) {
        throw unavailable();
    }

    @Override
    public Optional<LockGrant> lock(String resource) {
        throw unavailable();
    }

    @Override
    public void linkCheckpoint(CheckpointLink link) {
        throw unavailable();
    }

    @Override
    public Optional<JsonNode> stageOutput(String executionId, String stageId) {
        throw unavailable();
    }
}
