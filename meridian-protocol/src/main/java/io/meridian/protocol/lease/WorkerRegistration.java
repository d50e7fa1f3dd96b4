package io.meridian.protocol.lease;

import java.util.List;
import java.util.Map;

/**
 * What a worker tells the coordinator about itself when it starts.
 *
 * @param incarnation  chosen by the worker process at start: the same process re-registering (after a
 *                     coordinator restart, say) keeps its leases; a restarted process has a new incarnation and
 *                     its predecessor's jobs are requeued at once
 * @param costPerHour  what an hour of this worker costs, for cost-aware placement (0 when unknown)
 * @param stageTypes   the stage types it has handlers for: it is given jobs of these types only, and the
 *                     coordinator accepts pipelines using them. Null when it does not say (older workers), which
 *                     takes any type
 * @param nodeType     what the worker runs on: local, vm, container or edge ({@link NodeType}; absent is local)
 */
public record WorkerRegistration(String workerId, String incarnation, String host, long pid,
                                 List<String> capabilities, int cores, long memoryMb, int gpus, int maxConcurrency,
                                 String region, double costPerHour, Map<String, String> labels, String version,
                                 List<String> stageTypes, String nodeType) {

    public WorkerRegistration {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stageTypes = stageTypes == null ? null : List.copyOf(stageTypes);
        nodeType = nodeType == null ? NodeType.LOCAL.word() : NodeType.parse("node_type", nodeType).word();
    }

    /** A registration that does not say its node type (older workers): local. */
    public WorkerRegistration(String workerId, String incarnation, String host, long pid, List<String> capabilities,
                              int cores, long memoryMb, int gpus, int maxConcurrency, String region,
                              double costPerHour, Map<String, String> labels, String version,
                              List<String> stageTypes) {
        this(workerId, incarnation, host, pid, capabilities, cores, memoryMb, gpus, maxConcurrency, region,
                costPerHour, labels, version, stageTypes, null);
    }

    /** A registration that does not say which stage types the worker has: it takes any type. */
    public WorkerRegistration(String workerId, String incarnation, String host, long pid, List<String> capabilities,
                              int cores, long memoryMb, int gpus, int maxConcurrency, String region,
                              double costPerHour, Map<String, String> labels, String version) {
        this(workerId, incarnation, host, pid, capabilities, cores, memoryMb, gpus, maxConcurrency, region,
                costPerHour, labels, version, null, null);
    }
}
