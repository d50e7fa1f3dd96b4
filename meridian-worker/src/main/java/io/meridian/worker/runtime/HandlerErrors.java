package io.meridian.worker.runtime;

import io.meridian.protocol.lease.FailureInfo;
import io.meridian.worker.sdk.TaskFailure;

/**
 * Turns what a handler threw into the attempt's error: the throwable's class and message and a truncated stack
 * trace (its causes too), so that a failure can be diagnosed from {@code meridian status} or the API alone.
 */
final class HandlerErrors {
    /** Frames kept per throwable: enough to find the handler's line, small enough for many attempts. */
    static final int MAX_FRAMES = 12;
    /** Causes followed at most (a cycle of causes must not loop). */
    private static final int MAX_CAUSES = 4;

    private HandlerErrors() {}

    /** Anything but a {@link TaskFailure}: retryable {@code handler_error} with class, message and trace. */
    static FailureInfo unexpected(Throwable t) {
        return new FailureInfo("handler_error", trace(t), false);
    }

    /** A {@link TaskFailure} as the handler described it, plus the trace of its cause when it has one. */
    static FailureInfo described(TaskFailure f) {
        String message = f.getCause() == null ? f.getMessage() : f.getMessage() + "\ncaused by " + trace(f.getCause());
        return new FailureInfo(f.type(), message, f.nonRetryable());
    }

    static String trace(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable current = t;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (depth > 0) {
                sb.append("\ncaused by ");
            }
            sb.append(current);
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
                sb.append("\n\tat ").append(frames[i]);
            }
            if (frames.length > MAX_FRAMES) {
                sb.append("\n\t... ").append(frames.length - MAX_FRAMES).append(" more");
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return sb.toString();
    }
}
