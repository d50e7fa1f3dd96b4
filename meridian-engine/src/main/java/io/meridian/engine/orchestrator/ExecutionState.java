package io.meridian.engine.orchestrator;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.store.ExecutionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A live execution: its pipeline, inputs and per-stage state. Touched only under the engine's state lock.
 * It keeps the dependents of every stage and counts of finished stages, so one step of a long chain (a stage
 * finishing, its dependents starting, "is the execution over?") costs O(the stages it touches), not O(all stages).
 */
final class ExecutionState {
    final String id;
    final Pipeline pipeline;
    final JsonNode inputs;
    final String requestId;
    final Instant createdAt;
    final Map<String, StageState> stages = new LinkedHashMap<>();
    ExecutionStatus status = ExecutionStatus.RUNNING;
    String error;
    Instant updatedAt;
    private final Map<String, List<StageState>> dependents = new HashMap<>();
    private int terminalStages;
    private int succeededStages;

    ExecutionState(String id, Pipeline pipeline, JsonNode inputs, String requestId, Instant createdAt) {
        this(id, pipeline, inputs, requestId, createdAt, Map.of());
    }

    private ExecutionState(String id, Pipeline pipeline, JsonNode inputs, String requestId, Instant createdAt,
                           Map<String, StageRun> runs) {
        this.id = id;
        this.pipeline = pipeline;
        this.inputs = inputs;
        this.requestId = requestId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        for (Stage s : pipeline.stages()) {
            StageState state = StageState.from(s, runs.get(s.id()));
            stages.put(s.id(), state);
            count(state.status, 1);
        }
        for (StageState s : stages.values()) {
            s.stage.dependsOn().forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(s));
        }
    }

    static ExecutionState from(ExecutionRecord r) {
        ExecutionState x = new ExecutionState(r.id(), r.pipeline(), r.inputs(), r.requestId(), r.createdAt(),
                r.stages());
        x.status = r.status();
        x.error = r.error();
        x.updatedAt = r.updatedAt();
        return x;
    }

    ExecutionRecord toRecord() {
        Map<String, StageRun> runs = new LinkedHashMap<>();
        stages.forEach((id, s) -> runs.put(id, runOf(s)));
        return new ExecutionRecord(id, pipeline, inputs, status, runs, error, requestId, createdAt, updatedAt);
    }

    /** One stage as the world sees it (a running stage of a paused execution shows as paused). */
    StageRun runOf(StageState s) {
        return s.toRun(status == ExecutionStatus.PAUSED);
    }

    /** Moves a stage to {@code to}, keeping the counts of finished stages. Every stage status change goes here. */
    void move(StageState s, StageStatus to) {
        count(s.status, -1);
        s.status = to;
        count(to, 1);
    }

    private void count(StageStatus status, int delta) {
        if (status.isTerminal()) {
            terminalStages += delta;
        }
        if (status == StageStatus.SUCCEEDED) {
            succeededStages += delta;
        }
    }

    /** The stages that list {@code stageId} in their depends_on. */
    List<StageState> dependentsOf(String stageId) {
        return dependents.getOrDefault(stageId, List.of());
    }

    boolean allStagesTerminal() {
        return terminalStages == stages.size();
    }

    boolean allStagesSucceeded() {
        return succeededStages == stages.size();
    }
}
