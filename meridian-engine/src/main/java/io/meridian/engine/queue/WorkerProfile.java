package io.meridian.engine.queue;

import io.meridian.engine.federation.FederatedJobs;
import io.meridian.model.pipeline.Requirements;
import java.util.Set;

/**
 * What a worker offers, as far as choosing jobs for it is concerned.
 *
 * @param stageTypes the stage types it has handlers for; null when it did not say (a worker from before stage
 *                   types were registered, or a test worker), which takes any type
 * @param nodeType   what it runs on (local, vm, container, edge), as it said when it registered
 */
public record WorkerProfile(String workerId, Set<String> capabilities, int cores, long memoryMb, int gpus,
                            Set<String> stageTypes, String nodeType) {

    public WorkerProfile {
        capabilities = Set.copyOf(capabilities);
        stageTypes = stageTypes == null ? null : Set.copyOf(stageTypes);
        nodeType = nodeType == null ? "local" : nodeType;
    }

    /** A profile of a local node. */
    public WorkerProfile(String workerId, Set<String> capabilities, int cores, long memoryMb, int gpus,
                         Set<String> stageTypes) {
        this(workerId, capabilities, cores, memoryMb, gpus, stageTypes, null);
    }

    /** A profile that takes any stage type. */
    public WorkerProfile(String workerId, Set<String> capabilities, int cores, long memoryMb, int gpus) {
        this(workerId, capabilities, cores, memoryMb, gpus, null);
    }

    /** Whether this worker can run a job of {@code type} needing {@code r}: it has the type and the resources. */
    public boolean satisfies(String type, Requirements r) {
        return satisfies(r) && (hasType(type) || r.capabilities().contains(FederatedJobs.CAPABILITY));
    }

    /** Whether this worker has a handler for {@code type} (or takes any type). */
    public boolean hasType(String type) {
        return stageTypes == null || stageTypes.contains(type);
    }

    /**
     * A worker offering the reserved federation capability (the coordinator's federation runner) takes federated
     * stages only, and nobody else can take those.
     */
    public boolean satisfies(Requirements r) {
        boolean federated = r.capabilities().contains(FederatedJobs.CAPABILITY);
        if (federated != capabilities.contains(FederatedJobs.CAPABILITY)) {
            return false;
        }
        return capabilities.containsAll(r.capabilities()) && cores >= r.minCores() && memoryMb >= r.minMemoryMb()
                && gpus >= r.gpus() && (r.nodeType() == null || r.nodeType().equals(nodeType));
    }

    /** Names what is missing, for "unschedulable" messages. */
    public String shortfall(Requirements r) {
        StringBuilder sb = new StringBuilder();
        r.capabilities().stream().filter(c -> !capabilities.contains(c))
                .forEach(c -> sb.append("capability '").append(c).append("'; "));
        if (cores < r.minCores()) sb.append(r.minCores()).append(" cores (has ").append(cores).append("); ");
        if (memoryMb < r.minMemoryMb()) sb.append(r.minMemoryMb()).append(" MB memory (has ").append(memoryMb).append("); ");
        if (gpus < r.gpus()) sb.append(r.gpus()).append(" GPUs (has ").append(gpus).append("); ");
        if (r.nodeType() != null && !r.nodeType().equals(nodeType)) {
            sb.append("node type '").append(r.nodeType()).append("' (is ").append(nodeType).append("); ");
        }
        return sb.isEmpty() ? "" : sb.substring(0, sb.length() - 2);
    }
}
