package io.meridian.model.execution;

/**
 * Life of one stage inside an execution. SKIPPED: a dependency failed under failure_policy continue. PAUSED: a
 * running stage of a paused execution (no job of it is handed out until the execution resumes).
 */
public enum StageStatus {
    PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
