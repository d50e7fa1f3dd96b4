package io.meridian.worker.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.meridian.model.json.JsonSize;
import io.meridian.protocol.state.TaskStateProtocol;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The upstream outputs that jobs refer to, read through the task-state protocol on first use (the coordinator's
 * memory in-process, its API remotely) and kept in a cache bounded by bytes of JSON: the 20,000 jobs of one
 * fan-out read the upstream output once per worker, not once each. Concurrent first uses of one output wait for
 * a single read. An output larger than the whole cache is read each time it is needed and never kept.
 */
final class UpstreamOutputs {
    /** The cache's default bound: large enough for any output a remote worker can report (4 MiB) many times over. */
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    /** An output no job has asked for this long is dropped (read again if a job asks later). */
    static final java.time.Duration IDLE_EXPIRY = java.time.Duration.ofMinutes(10);

    private record Key(String executionId, String stageId) {}

    private final TaskStateProtocol source;
    private final Cache<Key, JsonNode> cache;
    private final AtomicLong reads = new AtomicLong();

    UpstreamOutputs(TaskStateProtocol source, long maxBytes) {
        this.source = source;
        this.cache = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((Key k, JsonNode v) -> (int) Math.min(Integer.MAX_VALUE, bytesOf(v)))
                // a finished fan-out's output is not kept for the life of a long-running worker
                .expireAfterAccess(IDLE_EXPIRY)
                .executor(Runnable::run)
                .build();
    }

    /**
     * The stage's output. Shared with other jobs (and, in-process, with the coordinator): copy it before a
     * handler may change it.
     *
     * @throws IllegalStateException when the coordinator has no output for it (the stage has not succeeded, or its
     *                               execution was deleted)
     */
    JsonNode get(String executionId, String stageId) {
        return cache.get(new Key(executionId, stageId), this::read);
    }

    /** How many times an output was read from the coordinator (the rest came from the cache). */
    long reads() {
        return reads.get();
    }

    private JsonNode read(Key key) {
        reads.incrementAndGet();
        return source.stageOutput(key.executionId(), key.stageId()).orElseThrow(() -> new IllegalStateException(
                "the output of stage '" + key.stageId() + "' of execution " + key.executionId() + " is not available "
                        + "(the stage has not succeeded, or the execution was deleted)"));
    }

    private static long bytesOf(JsonNode node) {
        return JsonSize.of(node);
    }
}
