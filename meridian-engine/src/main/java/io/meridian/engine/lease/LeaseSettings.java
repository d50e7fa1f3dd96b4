package io.meridian.engine.lease;

import java.time.Duration;

/**
 * The lease service's tunables, a part of the coordinator's settings ({@code EngineSettings.leases()}).
 *
 * @param leaseTtl       a lease lapses when not renewed for this long (told to workers when they register)
 * @param heartbeat      how often workers exchange, at least; also placement's patience
 * @param placement      the default placement strategy; a job's own strategy overrides it
 * @param maxResultBytes the largest job result (as JSON) accepted
 */
public record LeaseSettings(Duration leaseTtl, Duration heartbeat, String placement, long maxResultBytes) {}
