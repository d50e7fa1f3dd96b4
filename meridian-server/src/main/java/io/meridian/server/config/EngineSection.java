package io.meridian.server.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code engine} section of {@code meridian.yaml}; null means "the default" (docs/configuration.md).
 *
 * @param stageTypes stage types pipelines may use besides the built-ins and those registered workers have (the
 *                   types of workers that are not running yet, say)
 */
public record EngineSection(Double leaseTtlSeconds, Long heartbeatMs, Double agingIntervalSeconds,
                            Integer maxLostAttempts, Double deadlineGraceSeconds, Map<String, Double> rateLimits,
                            String placement, String retention, String cleanupInterval, Long maxResultBytes,
                            Workers workers, Long maxFanOutItems, Long maxJobPayloadBytes, Long maxStagePayloadBytes,
                            Long maxInputBytes, List<String> stageTypes) {
    static final EngineSection EMPTY = new EngineSection(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    public EngineSection {
        rateLimits = rateLimits == null ? Map.of() : rateLimits;
        workers = workers == null ? new Workers(null, null, null, null) : workers;
        stageTypes = stageTypes == null ? List.of() : stageTypes;
    }

    /**
     * {@code engine.workers}: how many workers may register, how long offline ones stay listed, and how many times
     * longer an edge worker may stay silent.
     */
    public record Workers(Integer maxRegistered, String offlineRetention, Integer maxOffline,
                          Integer edgeLeaseMultiplier) {}
}
