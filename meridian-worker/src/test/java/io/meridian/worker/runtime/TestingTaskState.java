package io.meridian.worker.runtime;

import io.meridian.protocol.state.CheckpointLink;
import io.meridian.protocol.state.LockGrant;
import io.meridian.protocol.state.TaskStateProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A task-state protocol on the heap: locks never lapse, checkpoints are recorded, stage outputs are given. */
final class TestingTaskState implements TaskStateProtocol {
    final Map<String, LockGrant> held = new HashMap<>();
    /** Stage outputs by "executionId/stageId", and how often each was read. */
    final Map<String, JsonNode> outputs = new HashMap<>();
    final Map<String, Integer> outputReads = new HashMap<>();
    final List<CheckpointLink> checkpoints = new ArrayList<>();
    private long tokens;

    @Override
    public synchronized Optional<LockGrant> acquireLock(String resource, String owner, Duration ttl) {
        if (held.containsKey(resource)) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        LockGrant g = new LockGrant(resource, "id-" + (tokens + 1), owner, ++tokens, now, now.plus(ttl));
        held.put(resource, g);
        return Optional.of(g);
    }

    @Override
    public synchronized boolean releaseLock(String resource, String lockId) {
        LockGrant g = held.get(resource);
        return g != null && g.lockId().equals(lockId) && held.remove(resource) != null;
    }

    @Override
    public synchronized Optional<LockGrant> extendLock(String resource, String lockId, Duration ttl) {
        return Optional.ofNullable(held.get(resource)).filter(g -> g.lockId().equals(lockId));
    }

    @Override
    public synchronized Optional<LockGrant> lock(String resource) {
        return Optional.ofNullable(held.get(resource));
    }

    @Override
    public synchronized void linkCheckpoint(CheckpointLink link) {
        checkpoints.add(link);
    }

    @Override
    public synchronized Optional<JsonNode> stageOutput(String executionId, String stageId) {
        outputReads.merge(executionId + "/" + stageId, 1, Integer::sum);
        return Optional.ofNullable(outputs.get(executionId + "/" + stageId));
    }
}
