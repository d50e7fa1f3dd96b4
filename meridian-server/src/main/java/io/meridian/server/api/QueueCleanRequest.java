package io.meridian.server.api;

import java.util.List;

/**
 * The body of {@code POST /v1/queue/clean}: delete finished jobs in {@code states} (required; the words of
 * {@code io.meridian.model.execution.JobStatus}) last updated more than {@code older_than_seconds} ago (default one
 * day). Unknown fields are refused, so a typo never cleans with the defaults.
 */
public record QueueCleanRequest(List<String> states, Long olderThanSeconds) {
    public static final long DEFAULT_AGE_SECONDS = 86_400;

    public List<String> requiredStates() {
        if (states == null || states.isEmpty()) {
            throw new IllegalArgumentException("states is required: the job states to delete, such as "
                    + "[\"succeeded\", \"failed\"]");
        }
        return states;
    }

    public long ageSeconds() {
        if (olderThanSeconds != null && olderThanSeconds < 0) {
            throw new IllegalArgumentException("older_than_seconds must be 0 or more, got " + olderThanSeconds);
        }
        return olderThanSeconds == null ? DEFAULT_AGE_SECONDS : olderThanSeconds;
    }
}
