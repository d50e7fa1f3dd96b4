package io.meridian.model.pipeline;

import java.util.List;

/** What a worker must offer to take a stage's jobs: all listed capabilities, and at least these resources. */
public record Requirements(List<String> capabilities, int minCores, long minMemoryMb, int gpus) {

    public static final Requirements NONE = new Requirements(List.of(), 0, 0, 0);

    public Requirements {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    public boolean matchesAnyWorker() {
        return capabilities.isEmpty() && minCores == 0 && minMemoryMb == 0 && gpus == 0;
    }
}
