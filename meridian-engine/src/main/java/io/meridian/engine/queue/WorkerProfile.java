package io.meridian.engine.queue;

import io.meridian.model.pipeline.Requirements;
import java.util.Set;

/** What a worker offers, as far as choosing jobs for it is concerned. */
public record WorkerProfile(String workerId, Set<String> capabilities, int cores, long memoryMb, int gpus) {

    public WorkerProfile {
        capabilities = Set.copyOf(capabilities);
    }

    /**
     * A worker offering the reserved federation capability (the coordinator's federation runner) takes federated
     * stages only, and nobody else can take those.
     */
    public boolean satisfies(Requirements r) {
        boolean federated = r.capabilities().contains(io.meridian.engine.federation.FederatedJobs.CAPABILITY);
        if (federated != capabilities.contains(io.meridian.engine.federation.FederatedJobs.CAPABILITY)) {
            return false;
        }
        return capabilities.containsAll(r.capabilities()) && cores >= r.minCores() && memoryMb >= r.minMemoryMb()
                && gpus >= r.gpus();
    }

    /** Names what is missing, for "unschedulable" messages. */
    public String shortfall(Requirements r) {
        StringBuilder sb = new StringBuilder();
        r.capabilities().stream().filter(c -> !capabilities.contains(c))
                .forEach(c -> sb.append("capability '").append(c).append("'; "));
        if (cores < r.minCores()) sb.append(r.minCores()).append(" cores (has ").append(cores).append("); ");
        if (memoryMb < r.minMemoryMb()) sb.append(r.minMemoryMb()).append(" MB memory (has ").append(memoryMb).append("); ");
        if (gpus < r.gpus()) sb.append(r.gpus()).append(" GPUs (has ").append(gpus).append("); ");
        return sb.isEmpty() ? "" : sb.substring(0, sb.length() - 2);
    }
}
