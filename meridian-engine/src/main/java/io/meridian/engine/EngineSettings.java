package io.meridian.engine;

import io.meridian.engine.orchestrator.ExecutionLimits;
import io.meridian.engine.registry.WorkerLimits;
import io.meridian.engine.events.EventSettings;
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
 *                         affinity); a job's own placement strategy overrides it
 * @param retention        finished executions are deleted (with their jobs and checkpoints) this long after they
 *                         finished
 * @param cleanupInterval  how often retention looks for executions to delete
 * @param maxResultBytes   the largest job result (as JSON) stored; a larger one fails its job with
 *                         {@code result_too_large} (workers are told the limit when they register)
 * @param workers          how many workers may register, and how long and how many offline ones stay listed
 * @param executionLimits  what an execution may carry and a stage may queue: inputs, fan-out items, payload bytes
 * @param events           whether state changes are recorded as events, and how long they are kept
 */
public record EngineSettings(Duration leaseTtl, Duration heartbeat, Duration agingInterval, int maxLostAttempts,
                             Duration deadlineGrace, Map<String, Double> rateLimits, String placement,
                             Duration retention, Duration cleanupInterval, long maxResultBytes,
                             WorkerLimits workers, ExecutionLimits executionLimits, EventSettings events) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(10);

    public static final EngineSettings DEFAULT = new EngineSettings(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(30), 5, Duration.ofSeconds(2), Map.of(), "least_loaded", DEFAULT_RETENTION,
            DEFAULT_CLEANUP_INTERVAL, io.meridian.protocol.lease.ResultCheck.DEFAULT_MAX_RESULT_BYTES,
            WorkerLimits.DEFAULT, ExecutionLimits.DEFAULT, EventSettings.DEFAULT);

    /** The smallest per-result limit accepted: error messages and small outputs must always fit. */
    public static final long MIN_MAX_RESULT_BYTES = 1024;

    public EngineSettings {
        rateLimits = Map.copyOf(rateLimits);
        workers = workers == null ? WorkerLimits.DEFAULT : workers;
        executionLimits = executionLimits == null ? ExecutionLimits.DEFAULT : executionLimits;
        events = events == null ? EventSettings.DEFAULT : events;
        requirePositive("engine.retention", retention);
        requirePositive("engine.cleanup_interval", cleanupInterval);
        if (maxResultBytes < MIN_MAX_RESULT_BYTES) {
            throw new IllegalArgumentException("engine.max_result_bytes must be at least " + MIN_MAX_RESULT_BYTES
                    + ", got " + maxResultBytes);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
        }
    }

    /** The part of these settings the queue uses. */
    public io.meridian.engine.queue.QueueSettings queue() {
        return new io.meridian.engine.queue.QueueSettings(leaseTtl, agingInterval, maxLostAttempts, deadlineGrace,
                rateLimits);
    }

    /** The part of these settings the lease service uses. */
    public io.meridian.engine.lease.LeaseSettings leases() {
        return new io.meridian.engine.lease.LeaseSettings(leaseTtl, heartbeat, placement, maxResultBytes);
    }

    /**
     * A worker silent this long (two and a half heartbeats, counted from its last answer) is unhealthy; its
     * registration expires after twice that. A busy worker exchanges a heartbeat after each answer, so this leaves
     * it a heartbeat and a half of slack, and catches a frozen one within 3 s with the default heartbeat.
     */
    public Duration heartbeatTimeout() {
        return heartbeat.multipliedBy(5).dividedBy(2);
    }

    public EngineSettings withRateLimits(Map<String, Double> limits) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, limits, placement,
                retention, cleanupInterval, maxResultBytes, workers, executionLimits, events);
    }

    public EngineSettings withPlacement(String strategy) {
        io.meridian.engine.placement.PlacementStrategy.named(strategy);
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits, strategy,
                retention, cleanupInterval, maxResultBytes, workers, executionLimits, events);
    }

    public EngineSettings withHeartbeat(Duration every) {
        return new EngineSettings(leaseTtl, every, agingInterval, maxLostAttempts, deadlineGrace, rateLimits, placement,
                retention, cleanupInterval, maxResultBytes, workers, executionLimits, events);
    }

    public EngineSettings withLeaseTtl(Duration ttl) {
        return new EngineSettings(ttl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits, placement,
                retention, cleanupInterval, maxResultBytes, workers, executionLimits, events);
    }

    /** Finished executions are deleted {@code ttl} after they finished; retention checks every {@code every}. */
    public EngineSettings withRetention(Duration ttl, Duration every) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits,
                placement, ttl, every, maxResultBytes, workers, executionLimits, events);
    }

    /** Results over {@code bytes} of JSON fail their job instead of being stored. */
    public EngineSettings withMaxResultBytes(long bytes) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits,
                placement, retention, cleanupInterval, bytes, workers, executionLimits, events);
    }

    /** How many workers may register; how long and how many offline workers stay listed. */
    public EngineSettings withWorkerLimits(WorkerLimits limits) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits,
                placement, retention, cleanupInterval, maxResultBytes, limits, executionLimits, events);
    }

    /** Whether events are recorded, and how long they are kept. */
    public EngineSettings withEvents(EventSettings settings) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits,
                placement, retention, cleanupInterval, maxResultBytes, workers, executionLimits, settings);
    }

    /** Input, fan-out and payload limits of executions and their stages. */
    public EngineSettings withExecutionLimits(ExecutionLimits limits) {
        return new EngineSettings(leaseTtl, heartbeat, agingInterval, maxLostAttempts, deadlineGrace, rateLimits,
                placement, retention, cleanupInterval, maxResultBytes, workers, limits, events);
    }
}
