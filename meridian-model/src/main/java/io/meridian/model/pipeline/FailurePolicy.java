package io.meridian.model.pipeline;

/** What happens to the rest of an execution when a stage fails for good. */
public enum FailurePolicy {
    /** The default: the first failed stage fails the execution and cancels what is still pending or running. */
    FAIL_FAST,
    /** Stages that do not depend on the failed one run to the end; its dependents are skipped. */
    CONTINUE;

    public String wireName() {
        return name().toLowerCase();
    }
}
