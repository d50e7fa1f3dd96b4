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
 * @param forecastStep arrivals are counted over this long for each step of the forecast
 * @param utilisation the share of a pool's job slots demand should fill (as the HPA's target utilisation): below 1
 *                    it keeps spare slots, so the jobs of a rise start at once while new workers are starting
 * @param logSize     decisions kept for {@code meridian pools}
 */
public record ScalingSettings(Duration interval, Duration waitTarget, Duration breakerOpen, double alpha, double beta,
                              Duration forecastStep, double utilisation, int logSize) {
    public static final ScalingSettings DEFAULT = new ScalingSettings(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 0.5, 0.3, Duration.ofSeconds(10), 0.8, 500);

    public ScalingSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the autoscaler's interval must be positive, got " + interval);
        }
        if (!(utilisation > 0 && utilisation <= 1)) {
            throw new IllegalArgumentException("the target utilisation must be in (0, 1], got " + utilisation);
        }
    }
}
