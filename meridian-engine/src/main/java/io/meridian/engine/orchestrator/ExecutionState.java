package io.meridian.engine.orchestrator;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.store.ExecutionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A live execution: its pipeline, inputs and per-stage state. Touched only under the engine's state lock. */
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

    ExecutionState(String id, Pipeline pipeline, JsonNode inputs, String requestId, Instant createdAt) {
        this.id = id;
        this.pipeline = pipeline;
        this.inputs = inputs;
        this.requestId = requestId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        for (Stage s : pipeline.stages()) {
            stages.put(s.id(), new StageState(s));
        }
    }

    static ExecutionState from(ExecutionRecord r) {
        ExecutionState x = new ExecutionState(r.id(), r.pipeline(), r.inputs(), r.requestId(), r.createdAt());
        x.status = r.status();
        x.error = r.error();
        x.updatedAt = r.updatedAt();
        for (Stage s : r.pipeline().stages()) {
            x.stages.put(s.id(), StageState.from(s, r.stages().get(s.id())));
        }
        return x;
    }

    ExecutionRecord toRecord() {
        Map<String, StageRun> runs = new LinkedHashMap<>();
        stages.forEach((id, s) -> runs.put(id, s.toRun()));
        return new ExecutionRecord(id, pipeline, inputs, status, runs, error, requestId, createdAt, updatedAt);
    }

    boolean allStagesTerminal() {
        return stages.values().stream().allMatch(s -> s.status.isTerminal());
    }

    boolean anyStage(StageStatus status) {
        return stages.values().stream().anyMatch(s -> s.status == status);
    }
}
