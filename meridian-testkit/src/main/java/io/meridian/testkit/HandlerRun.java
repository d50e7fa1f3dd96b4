package io.meridian.testkit;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Every attempt a {@link HandlerTester} made, ending with a success, a failure not to retry, or the last allowed. */
public record HandlerRun(List<Attempt> attempts) {
    public HandlerRun {
        attempts = List.copyOf(attempts);
    }

    public Attempt last() {
        return attempts.get(attempts.size() - 1);
    }

    public boolean succeeded() {
        return last().succeeded();
    }

    /** The successful output; fails, with the last error and its attempt number, if the run did not succeed. */
    public JsonNode output() {
        Attempt last = last();
        if (!last.succeeded()) {
            throw new AssertionError("the handler failed on attempt " + last.number() + " (" + last.failureType() + "): "
                    + last.failure(), last.failure());
        }
        return last.output();
    }

    /** The failures, in attempt order (empty when the first attempt succeeded). */
    public List<Attempt> failures() {
        return attempts.stream().filter(a -> !a.succeeded()).toList();
    }
}
