package io.meridian.elastic.policy;

import java.time.Duration;

/**
 * How the autoscaler weighs demand; the per-pool settings (min, max, cooldown, budget) are in the pool.
 *
 * @param interval    how often it decides
 * @param waitTarget  a pool whose oldest waiting job has waited longer than this grows by one more worker even when
 *                    the count of jobs says it is big enough (the jobs may be long)
 * @param breakerOpen how long a pool whose provider failed is left out before it is tried again
 * @param alpha       Holt's level weight for the arrival forecast
 * @param beta        Holt's trend weight
 * @param logSize     decisions kept for {@code meridian pools}
 */
public record ScalingSettings(Duration interval, Duration waitTarget, Duration breakerOpen, double alpha, double beta,
                              int logSize) {
    public static final ScalingSettings DEFAULT = new ScalingSettings(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 0.5, 0.3, 500);

    public ScalingSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the autoscaler's interval must be positive, got " + interval);
        }
    }
}
