package io.meridian.model.execution;

/** Life of one stage inside an execution. SKIPPED: a dependency failed under failure_policy continue. */
public enum StageStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
