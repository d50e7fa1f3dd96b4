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
 * @param edgeLeaseMultiplier an edge worker (node type edge, whose connection comes and goes) may stay silent this
 *                          many times longer than others before it is unhealthy and its jobs fail over, and its job
 *                          leases last as many times longer: back within that, it keeps its jobs and its session
 */
public record WorkerLimits(int maxRegistered, Duration offlineRetention, int maxOffline, int edgeLeaseMultiplier) {

    public static final int DEFAULT_EDGE_LEASE_MULTIPLIER = 10;
    public static final WorkerLimits DEFAULT = new WorkerLimits(10_000, Duration.ofHours(1), 1000,
            DEFAULT_EDGE_LEASE_MULTIPLIER);

    /** Limits with the default edge lease multiplier. */
    public WorkerLimits(int maxRegistered, Duration offlineRetention, int maxOffline) {
        this(maxRegistered, offlineRetention, maxOffline, DEFAULT_EDGE_LEASE_MULTIPLIER);
    }

    public WorkerLimits {
        if (maxRegistered < 1) {
            throw new IllegalArgumentException("engine.workers.max_registered must be ≥ 1, got " + maxRegistered);
        }
        if (offlineRetention == null || offlineRetention.isNegative()) {
            throw new IllegalArgumentException("engine.workers.offline_retention must be a duration ≥ 0, got "
                    + offlineRetention);
        }
        if (edgeLeaseMultiplier < 1) {
            throw new IllegalArgumentException("engine.workers.edge_lease_multiplier must be ≥ 1, got "
                    + edgeLeaseMultiplier);
        }
        if (maxOffline < 0) {
            throw new IllegalArgumentException("engine.workers.max_offline must be ≥ 0, got " + maxOffline);
        }
    }
}
