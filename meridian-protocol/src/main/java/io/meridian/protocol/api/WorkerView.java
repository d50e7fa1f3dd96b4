package io.meridian.protocol.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered worker as {@code GET /v1/workers} lists it.
 *
 * @param status  healthy, unhealthy, draining or offline (the registry's word, in lowercase)
 * @param breaker its circuit breaker's state (closed, open, half_open)
 * @param stageTypes the stage types it has handlers for (null: it did not say, and takes any type)
 * @param nodeType what it runs on: local, vm, container or edge
 * @param draining it takes no new job and finishes the ones it holds (a pool's scale-down): it is stopped once idle
 */
public record WorkerView(String id, String status, Instant incarnationStarted, String host, long pid,
                         String version, String region, double costPerHour, List<String> capabilities,
                         Map<String, String> labels, int cores, long memoryMb, int gpus, int maxConcurrency,
                         int activeJobs, Instant lastSeen, Instant offlineSince, String breaker,
                         List<String> stageTypes, String nodeType, boolean draining) {}
