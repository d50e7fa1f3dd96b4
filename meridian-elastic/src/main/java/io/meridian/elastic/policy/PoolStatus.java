package io.meridian.elastic.policy;

import io.meridian.elastic.pool.PoolSpec;
import java.time.Instant;

/**
 * A pool as the autoscaler last saw it.
 *
 * @param current      workers started and not asked to stop (registered or still starting)
 * @param registered   of those, the ones registered and healthy
 * @param stopping     workers draining after a scale-down
 * @param desired      the size the last decision wanted
 * @param failedStarts workers terminated because they did not register within startup_seconds, and failed starts
 * @param breakerUntil while the provider failed recently, when the pool is tried again (null: closed)
 */
public record PoolStatus(PoolSpec spec, int current, int registered, int stopping, int desired, long failedStarts,
                         Instant breakerUntil) {}
