package io.meridian.store;

import io.meridian.model.pipeline.Placement;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import tools.jackson.databind.JsonNode;

/**
 * What a job is, fixed at submission. {@code executionId}, {@code stageId} and {@code itemIndex} are null/-1
 * for jobs submitted straight to the queue rather than by a pipeline.
 *
 * @param type              the handler type name, which is also the queue the job waits in
 * @param payload           the handler's input: resolved config, item and references to dependency outputs; what
 *                          the coordinator needs to schedule the job is never in here
 * @param placementStrategy how the job chooses among waiting workers (one of {@link Placement#STRATEGIES}); null
 *                          for the coordinator's default
 * @param affinityKey       with the {@code affinity} strategy: the resolved key (jobs with the same key go to the
 *                          same worker while it is healthy); null otherwise
 */
public record JobSpec(String type, JsonNode payload, int priority, Requirements requires, RetryPolicy retry,
                      int timeoutSeconds, String executionId, String stageId, int itemIndex,
                      String placementStrategy, String affinityKey) {

    /** Longest affinity key accepted: it is a grouping key, not data, and it is kept in memory per worker. */
    public static final int MAX_AFFINITY_KEY_LENGTH = 1024;

    public JobSpec {
        requires = requires == null ? Requirements.NONE : requires;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (placementStrategy != null && !Placement.STRATEGIES.contains(placementStrategy)) {
            throw new IllegalArgumentException("unknown placement strategy '" + placementStrategy + "' (one of "
                    + String.join(", ", Placement.STRATEGIES) + ")");
        }
        if (affinityKey != null && !"affinity".equals(placementStrategy)) {
            throw new IllegalArgumentException("an affinity key only applies with placement strategy affinity, not "
                    + (placementStrategy == null ? "the coordinator's default" : placementStrategy));
        }
        if (affinityKey != null && affinityKey.length() > MAX_AFFINITY_KEY_LENGTH) {
            throw new IllegalArgumentException("affinity key of " + affinityKey.length()
                    + " characters is over the limit of " + MAX_AFFINITY_KEY_LENGTH);
        }
    }

    /** A job placed by the coordinator's default strategy. */
    public JobSpec(String type, JsonNode payload, int priority, Requirements requires, RetryPolicy retry,
                   int timeoutSeconds, String executionId, String stageId, int itemIndex) {
        this(type, payload, priority, requires, retry, timeoutSeconds, executionId, stageId, itemIndex, null, null);
    }

    /** The same job with this placement (strategy null: the coordinator's default). */
    public JobSpec withPlacement(String strategy, String key) {
        return new JobSpec(type, payload, priority, requires, retry, timeoutSeconds, executionId, stageId, itemIndex,
                strategy, key);
    }

    /** The same job with another payload: the leader keeps specs without one in memory (see {@link Store#payloads}). */
    public JobSpec withPayload(JsonNode newPayload) {
        return newPayload == payload ? this : new JobSpec(type, newPayload, priority, requires, retry, timeoutSeconds,
                executionId, stageId, itemIndex, placementStrategy, affinityKey);
    }

    /** The key a handler can use to make its side effects exactly-once: stable across attempts. */
    public String idempotencyKey(String jobId) {
        return executionId == null ? jobId : executionId + "/" + stageId + "/" + Math.max(itemIndex, 0);
    }
}
