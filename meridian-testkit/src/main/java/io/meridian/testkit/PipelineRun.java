package io.meridian.testkit;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.store.ExecutionRecord;
import tools.jackson.databind.JsonNode;

/** A pipeline that a {@link PipelineTester} ran to its end. */
public record PipelineRun(ExecutionRecord execution) {

    public ExecutionStatus status() {
        return execution.status();
    }

    public boolean succeeded() {
        return execution.status() == ExecutionStatus.SUCCEEDED;
    }

    /** Stage {@code stageId} as it ended: status, jobs, attempts, output, error. */
    public StageRun stage(String stageId) {
        StageRun run = execution.stages().get(stageId);
        if (run == null) {
            throw new IllegalArgumentException("no stage '" + stageId + "' in pipeline '" + execution.pipeline().id()
                    + "'; stages: " + execution.stages().keySet());
        }
        return run;
    }

    /** Stage {@code stageId}'s output; fails, with the stage's error, if it has none. */
    public JsonNode output(String stageId) {
        StageRun run = stage(stageId);
        if (run.output() == null) {
            throw new AssertionError("stage '" + stageId + "' has no output: it is " + run.status()
                    + (run.error() == null ? "" : " (" + run.error() + ")"));
        }
        return run.output();
    }
}
