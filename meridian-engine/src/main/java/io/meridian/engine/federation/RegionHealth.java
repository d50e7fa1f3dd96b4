package io.meridian.engine.federation;

import java.time.Instant;

/**
 * What is known about a region's health: the last probe, and the runs this coordinator has in flight there.
 *
 * @param inFlight     runs this coordinator is waiting on in the region now
 * @param remoteActive the region's own count of federated runs, at the last probe
 * @param breaker      closed, open or half_open
 */
public record RegionHealth(String region, String endpoint, boolean reachable, long latencyMs, int inFlight,
                           int remoteActive, int maxConcurrent, String breaker, Instant checkedAt, String error) {

    /** Load relative to max_concurrent, as least_loaded compares regions. */
    public double loadRatio() {
        return (double) Math.max(inFlight, remoteActive) / maxConcurrent;
    }

    public boolean atCapacity() {
        return inFlight >= maxConcurrent;
    }

    public boolean healthy() {
        return reachable && !"open".equals(breaker);
    }
}
