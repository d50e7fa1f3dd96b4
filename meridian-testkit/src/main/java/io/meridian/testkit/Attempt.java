package io.meridian.testkit;

import io.meridian.worker.sdk.TaskFailure;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of a handler under test.
 *
 * @param number      1 for the first attempt
 * @param output      what the handler returned, or null if it failed
 * @param failure     what it threw, or null if it succeeded
 * @param failureType the failure's type as the worker would report it: a {@link TaskFailure}'s own type, or
 *                    {@code handler_error} for anything else
 * @param retryable   whether the worker would retry after this failure (false for success)
 * @param progress    the progress messages it reported, in order
 * @param log         the log lines it wrote, in order
 */
public record Attempt(int number, JsonNode output, Throwable failure, String failureType, boolean retryable,
                      List<String> progress, List<String> log) {
    public Attempt {
        progress = List.copyOf(progress);
        log = List.copyOf(log);
    }

    public boolean succeeded() {
        return failure == null;
    }

    static Attempt of(int number, JsonNode output, Throwable failure, TestTaskContext context) {
        if (failure == null) {
            return new Attempt(number, output, null, null, false, context.progress, context.log);
        }
        boolean nonRetryable = failure instanceof TaskFailure f && f.nonRetryable();
        String type = failure instanceof TaskFailure f ? f.type() : "handler_error";
        return new Attempt(number, null, failure, type, !nonRetryable, context.progress, context.log);
    }
}
