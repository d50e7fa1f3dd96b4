package io.meridian.engine.orchestrator;

import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.pipeline.Stage;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** One stage of a live execution. Touched only under the engine's state lock. */
final class StageState {
    final Stage stage;
    StageStatus status = StageStatus.PENDING;
    int jobs;
    int jobsDone;
    int attempts;
    /** Outputs by item index (one element when the stage does not fan out). */
    JsonNode[] outputs = new JsonNode[0];
    JsonNode output;
    String error;
    Instant startedAt;
    Instant finishedAt;
    final Set<String> liveJobs = new LinkedHashSet<>();
    /** The status the last stage event announced (or the stored one, after a reload): no event repeats it. */
    StageStatus announced = StageStatus.PENDING;

    StageState(Stage stage) {
        this.stage = stage;
    }

    static StageState from(Stage stage, StageRun run) {
        StageState s = new StageState(stage);
        if (run != null) {
            // PAUSED is how a running stage of a paused execution is shown; inside the engine it is running
            s.status = run.status() == StageStatus.PAUSED ? StageStatus.RUNNING : run.status();
            s.announced = s.status;
            s.jobs = run.jobs();
            s.attempts = run.attempts();
            s.output = run.output();
            s.error = run.error();
            s.startedAt = run.startedAt();
            s.finishedAt = run.finishedAt();
            if (run.status().isTerminal()) {
                // A finished stage's count is final, and recovery skips its jobs; a running stage's count is
                // rebuilt from its succeeded jobs instead, so that no job is counted twice.
                s.jobsDone = run.jobsDone();
            }
        }
        s.outputs = new JsonNode[s.jobs];
        return s;
    }

    /** @param executionPaused whether its execution is paused: a running stage then shows as paused */
    StageRun toRun(boolean executionPaused) {
        StageStatus shown = executionPaused && status == StageStatus.RUNNING ? StageStatus.PAUSED : status;
        return new StageRun(stage.id(), shown, jobs, jobsDone, attempts, output, error, startedAt, finishedAt);
    }

    boolean fansOut() {
        return stage.foreach() != null;
    }
}
