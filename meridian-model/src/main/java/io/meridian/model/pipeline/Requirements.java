package io.meridian.model.pipeline;

import java.util.List;

/**
 * What a worker must offer to take a stage's jobs: all listed capabilities, at least these resources, and the node
 * type it runs on when one is named.
 *
 * @param nodeType the kind of node the worker must run on ({@link #NODE_TYPES}), or null for any
 */
public record Requirements(List<String> capabilities, int minCores, long minMemoryMb, int gpus, String nodeType) {

    public static final Requirements NONE = new Requirements(List.of(), 0, 0, 0);
    /** The node types a worker reports at registration, and a requirement may name. */
    public static final List<String> NODE_TYPES = List.of("local", "vm", "container", "edge");

    public Requirements {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /** Requirements on any node type. */
    public Requirements(List<String> capabilities, int minCores, long minMemoryMb, int gpus) {
        this(capabilities, minCores, minMemoryMb, gpus, null);
    }

    public boolean matchesAnyWorker() {
        return capabilities.isEmpty() && minCores == 0 && minMemoryMb == 0 && gpus == 0 && nodeType == null;
    }
}
