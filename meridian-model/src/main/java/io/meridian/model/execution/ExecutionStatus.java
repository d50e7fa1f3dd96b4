package io.meridian.model.execution;

/** Life of one run of a pipeline. */
public enum ExecutionStatus {
    RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
