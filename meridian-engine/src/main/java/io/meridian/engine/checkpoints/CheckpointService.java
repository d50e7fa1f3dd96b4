package io.meridian.engine.checkpoints;

import io.meridian.engine.durability.StateGuard;
import io.meridian.engine.time.EngineClock;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import io.meridian.store.query.Checkpoint;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Checkpoints: ids of state a task saved elsewhere (a model snapshot, a stream offset), linked to the execution
 * so that a rerun or an operator can find where to continue. Links go through group commit like every other
 * change, so one is durable when {@link #link} returns.
 */
public final class CheckpointService {

    public static final int MAX_ID_LENGTH = 200;

    private final Store store;
    private final StateGuard guard;
    private final EngineClock clock;
    private final Function<String, Optional<ExecutionRecord>> executions;

    public CheckpointService(Store store, StateGuard guard, EngineClock clock,
                             Function<String, Optional<ExecutionRecord>> executions) {
        this.store = store;
        this.guard = guard;
        this.clock = clock;
        this.executions = executions;
    }

    /**
     * Links {@code checkpointId} to the execution (a repeat replaces the earlier link). Empty if there is no such
     * execution; a stage id the pipeline does not have, or a bad checkpoint id, is an IllegalArgumentException.
     */
    public Optional<Checkpoint> link(String executionId, String checkpointId, String stageId, JsonNode metadata) {
        checkId("checkpoint_id", checkpointId);
        Optional<ExecutionRecord> execution = executions.apply(executionId);
        if (execution.isEmpty()) {
            return Optional.empty();
        }
        if (stageId != null && execution.get().pipeline().stages().stream().noneMatch(s -> s.id().equals(stageId))) {
            throw new IllegalArgumentException("stage_id '" + stageId + "' is not a stage of pipeline '"
                    + execution.get().pipeline().id() + "'");
        }
        Checkpoint checkpoint = new Checkpoint(executionId, checkpointId, stageId, metadata, clock.now());
        guard.write(work -> {
            work.changed("c" + executionId + "\u0000" + checkpointId, () -> new StoreWrite.PutCheckpoint(checkpoint));
            return null;
        });
        return Optional.of(checkpoint);
    }

    /** The execution's checkpoints, oldest first. */
    public List<Checkpoint> list(String executionId) {
        return store.checkpoints(executionId);
    }

    /** The id of the latest checkpoint, or null. */
    public String latestId(String executionId) {
        List<Checkpoint> all = store.checkpoints(executionId);
        return all.isEmpty() ? null : all.getLast().checkpointId();
    }

    private static void checkId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_ID_LENGTH + " characters, got "
                    + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must not contain control characters");
        }
    }
}
