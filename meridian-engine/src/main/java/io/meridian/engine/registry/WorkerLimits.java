package io.meridian.engine.registry;

import java.time.Duration;

/**
 * How many workers the registry holds. Registered workers are capped, so that a worker token cannot fill the
 * coordinator's memory with made-up ids. Offline workers (deregistered, removed, or expired after going silent)
 * stay listed, with their last state and last-seen time, so that people and tests can see what became of them:
 * for a while, and up to a number.
 *
 * @param maxRegistered     registrations (not offline) at most; one more is refused until a worker leaves
 * @param offlineRetention  an offline worker is forgotten this long after it went offline
 * @param maxOffline        at most this many offline workers are kept; the longest offline are forgotten first
 */
public record WorkerLimits(int maxRegistered, Duration offlineRetention, int maxOffline) {

    public static final WorkerLimits DEFAULT = new WorkerLimits(10_000, Duration.ofHours(1), 1000);

    public WorkerLimits {
        if (maxRegistered < 1) {
            throw new IllegalArgumentException("engine.workers.max_registered must be ≥ 1, got " + maxRegistered);
        }
        if (offlineRetention == null || offlineRetention.isNegative()) {
            throw new IllegalArgumentException("engine.workers.offline_retention must be a duration ≥ 0, got "
                    + offlineRetention);
        }
        if (maxOffline < 0) {
            throw new IllegalArgumentException("engine.workers.max_offline must be ≥ 0, got " + maxOffline);
        }
    }
}
