package io.meridian.protocol.lease;

import java.util.List;
import java.util.Map;

/** What a worker tells the coordinator about itself when it starts. */
public record WorkerRegistration(String workerId, String host, long pid, List<String> capabilities, int cores,
                                 long memoryMb, int gpus, int maxConcurrency, String region,
                                 Map<String, String> labels) {

    public WorkerRegistration {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
