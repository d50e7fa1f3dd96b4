package io.meridian.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a worker presents itself and how much it takes on.
 *
 * @param concurrency  jobs run at once (each on its own virtual thread)
 * @param drainTimeout on stop, how long running jobs may take to finish before they are handed back
 * @param nodeType     told to the coordinator at registration: local, vm, container or edge (null: local)
 */
public record WorkerOptions(String workerId, int concurrency, List<String> capabilities, int cores, long memoryMb,
                            int gpus, String region, double costPerHour, Map<String, String> labels,
                            Duration drainTimeout, String nodeType) {

    public WorkerOptions {
        capabilities = List.copyOf(capabilities);
        labels = Map.copyOf(labels);
        if (concurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be at least 1, got " + concurrency);
        }
    }

    /** Options of a worker on this machine's kind of node (local). */
    public WorkerOptions(String workerId, int concurrency, List<String> capabilities, int cores, long memoryMb,
                         int gpus, String region, double costPerHour, Map<String, String> labels,
                         Duration drainTimeout) {
        this(workerId, concurrency, capabilities, cores, memoryMb, gpus, region, costPerHour, labels, drainTimeout,
                null);
    }

    /** Options describing this machine: its cores, memory and the given capabilities. */
    public static WorkerOptions forThisMachine(String workerId, int concurrency, List<String> capabilities) {
        Runtime rt = Runtime.getRuntime();
        long memoryMb = physicalMemoryMb().orElse(rt.maxMemory() / (1024 * 1024));
        return new WorkerOptions(workerId, concurrency, capabilities, rt.availableProcessors(), memoryMb, 0, null, 0,
                Map.of(), Duration.ofSeconds(30));
    }

    private static java.util.OptionalLong physicalMemoryMb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return java.util.OptionalLong.of(sun.getTotalMemorySize() / (1024 * 1024));
        }
        return java.util.OptionalLong.empty();
    }
}
