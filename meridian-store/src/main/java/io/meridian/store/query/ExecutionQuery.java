package io.meridian.store.query;

import io.meridian.model.execution.ExecutionStatus;
import java.time.Instant;
import java.util.Set;

/**
 * A filter over executions, newest first (created time, then id). Null fields do not filter.
 *
 * @param createdFrom inclusive
 * @param createdTo exclusive
 * @param after the {@link ExecutionPage#next()} cursor of the previous page, or null for the first
 */
public record ExecutionQuery(String pipelineId, Integer pipelineVersion, Set<ExecutionStatus> statuses,
                             Instant createdFrom, Instant createdTo, String after, int limit) {

    public ExecutionQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    public static ExecutionQuery newest(int limit) {
        return new ExecutionQuery(null, null, Set.of(), null, null, null, limit);
    }
}
