package io.meridian.store;

import io.meridian.model.execution.JobStatus;
import java.util.Map;

/**
 * What one retention call deleted: how many executions, and how many of their jobs in each state (states with none
 * left out). The jobs are reported by state so that a coordinator keeping counts of finished jobs in memory can
 * subtract exactly what went, without counting the table again.
 */
public record DeletedExecutions(int executions, Map<JobStatus, Long> jobs) {

    public static final DeletedExecutions NONE = new DeletedExecutions(0, Map.of());

    public DeletedExecutions {
        jobs = Map.copyOf(jobs);
    }
}
