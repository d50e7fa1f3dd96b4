package io.meridian.engine.registry;

/**
 * Derived from liveness and load: UNHEALTHY after three missed heartbeats (its leases are revoked and its jobs
 * requeued), OFFLINE once deregistered; otherwise IDLE (no jobs), BUSY (all slots used) or ACTIVE.
 */
public enum WorkerStatus {
    ACTIVE, IDLE, BUSY, UNHEALTHY, OFFLINE;

    public boolean isHealthy() {
        return this == ACTIVE || this == IDLE || this == BUSY;
    }
}
