package io.meridian.engine.registry;

/**
 * Derived from liveness and load: SUSPECT from the moment its connections to the coordinator closed without a
 * goodbye until it is seen again (no new jobs meanwhile); UNHEALTHY after three missed heartbeats, or when a
 * suspect did not come back within the grace (its leases are revoked and its jobs requeued); OFFLINE once
 * deregistered; otherwise IDLE (no jobs), BUSY (all slots used) or ACTIVE.
 */
public enum WorkerStatus {
    ACTIVE, IDLE, BUSY, SUSPECT, UNHEALTHY, OFFLINE;

    public boolean isHealthy() {
        return this == ACTIVE || this == IDLE || this == BUSY;
    }
}
