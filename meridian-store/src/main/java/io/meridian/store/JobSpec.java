package io.meridian.store;

import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import tools.jackson.databind.JsonNode;

/**
 * What a job is, fixed at submission. {@code executionId}, {@code stageId} and {@code itemIndex} are null/-1
 * for jobs submitted straight to the queue rather than by a pipeline.
 *
 * @param type     the handler type name, which is also the queue the job waits in
 * @param payload  the handler's input: resolved config and dependency outputs
 */
public record JobSpec(String type, JsonNode payload, int priority, Requirements requires, RetryPolicy retry,
                      int timeoutSeconds, String executionId, String stageId, int itemIndex) {

    public JobSpec {
        requires = requires == null ? Requirements.NONE : requires;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    /** The key a handler can use to make its side effects exactly-once: stable across attempts. */
    public String idempotencyKey(String jobId) {
        return executionId == null ? jobId : executionId + "/" + stageId + "/" + Math.max(itemIndex, 0);
    }
}
