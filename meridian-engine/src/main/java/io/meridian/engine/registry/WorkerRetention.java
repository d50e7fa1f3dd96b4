package io.meridian.engine.registry;

import java.time.Duration;

/**
 * How long, and how many, offline workers stay listed (status offline, with their last state and last-seen time)
 * after they deregistered or their registration expired, so that people and tests can see what became of them.
 *
 * @param keep        an offline worker is forgotten this long after it went offline
 * @param maxOffline  at most this many offline workers are kept; the longest offline are forgotten first
 */
public record WorkerRetention(Duration keep, int maxOffline) {

    public static final WorkerRetention DEFAULT = new WorkerRetention(Duration.ofHours(1), 1000);

    public WorkerRetention {
        if (keep == null || keep.isNegative()) {
            throw new IllegalArgumentException("engine.offline_workers.retention must be a duration ≥ 0, got " + keep);
        }
        if (maxOffline < 0) {
            throw new IllegalArgumentException("engine.offline_workers.max must be ≥ 0, got " + maxOffline);
        }
    }
}
