package io.meridian.worker.sdk;

/**
 * Thrown by a handler to fail an attempt with a clear reason. Retryable failures are retried per the stage's
 * retry policy; non-retryable ones (bad configuration, say: see {@link NonRetryableFailure}) fail the job at once.
 * The type and message become the attempt's error, followed by a truncated stack trace of the cause if there is
 * one. Anything else a handler throws fails the attempt as a retryable {@code handler_error} with its class and
 * stack trace.
 */
public class TaskFailure extends Exception {
    private final String type;
    private final boolean nonRetryable;

    public TaskFailure(String type, String message, boolean nonRetryable) {
        super(message);
        this.type = type;
        this.nonRetryable = nonRetryable;
    }

    /** As {@link #TaskFailure(String, String, boolean)}, keeping {@code cause}'s stack trace in the error. */
    public TaskFailure(String type, String message, boolean nonRetryable, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.nonRetryable = nonRetryable;
    }

    public static TaskFailure retryable(String message) {
        return new TaskFailure("handler_error", message, false);
    }

    public static TaskFailure badConfig(String message) {
        return new TaskFailure("bad_config", message, true);
    }

    public String type() {
        return type;
    }

    public boolean nonRetryable() {
        return nonRetryable;
    }
}
