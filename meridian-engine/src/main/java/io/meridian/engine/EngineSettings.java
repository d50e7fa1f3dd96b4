package io.meridian.engine;

import java.time.Duration;
import java.util.Map;

/**
 * Tunables of one coordinator.
 *
 * @param leaseTtl         a lease lapses when not renewed for this long (workers renew every heartbeat)
 * @param heartbeat        how often workers are asked to exchange, at least
 * @param agingInterval    a waiting job gains one priority level per interval waited (the anti-starvation rule)
 * @param maxLostAttempts  deliveries whose worker vanished before a job goes to the dead-letter state
 * @param deadlineGrace    how long past an attempt's deadline the coordinator waits for the worker's report
 * @param rateLimits       jobs per second by stage type; types not listed are unlimited
 * @param placement        the default placement strategy (least_loaded, round_robin, priority, cost_optimized,
 *                         affinity); a job's own {@code placement} in its payload overrides it
 */
public record EngineSettings(Duration leaseTtl, Duration heartbeat, Duration agingInterval, int maxLostAttempts,
                             Duration deadlineGrace, Map<String, Double> rateLimits, String placement) {

    public static final EngineSettings DEFAULT = new EngineSettings(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(30), 5, Duration.ofSeconds(2), Map.of(), "least_loaded");

    public EngineSettings {
        rateLimits = Map.copyOf(rateLimits);
    }

    /** A worker silent this long (three heartbeats) is unhealthy; its registration expires after twice that. */
    public Duration heartbeatTimeout() {
        return heartbeat.multipliedBy(3);
    }

    public EngineSettings withRateLimits(Map<String, Double> limits) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, limits, placement);
    }

    public EngineSettings withPlacement(String strategy) {
        io.meridian.engine.placement.PlacementStrategy.named(strategy);
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits, strategy);
    }

    public EngineSettings withHeartbeat(Duration every) {
        return new EngineSettings(leaseTtl, every, agingInterval, maxLostAttempts, deadlineGrace, rateLimits, placement);
    }

    public EngineSettings withLeaseTtl(Duration ttl) {
        return new EngineSettings(ttl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits, placement);
    }
}
