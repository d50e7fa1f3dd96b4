package io.meridian.server.routes;

import io.meridian.model.codec.PipelineJson;
import io.meridian.model.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered pipelines by id and version: loaded from the store at start, and each new registration is stored
 * (durably, before it is acknowledged) through the coordinator.
 */
public final class PipelineRegistry {
    /** What a registration did. */
    public enum Outcome { CREATED, UNCHANGED, CONFLICT }

    private final Map<String, NavigableMap<Integer, Pipeline>> byId = new ConcurrentHashMap<>();
    private final io.meridian.engine.Coordinator coordinator;

    public PipelineRegistry(io.meridian.engine.Coordinator coordinator) {
        this.coordinator = coordinator;
        coordinator.pipelines().forEach(p -> byId.computeIfAbsent(p.id(), k -> new TreeMap<>()).put(p.version(), p));
    }

    public synchronized Outcome register(Pipeline p) {
        NavigableMap<Integer, Pipeline> versions = byId.computeIfAbsent(p.id(), k -> new TreeMap<>());
        Pipeline existing = versions.get(p.version());
        if (existing == null) {
            coordinator.registerPipeline(p);
            versions.put(p.version(), p);
            return Outcome.CREATED;
        }
        return PipelineJson.toJson(existing).equals(PipelineJson.toJson(p)) ? Outcome.UNCHANGED : Outcome.CONFLICT;
    }

    public synchronized Optional<Pipeline> latest(String id) {
        NavigableMap<Integer, Pipeline> v = byId.get(id);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.lastEntry().getValue());
    }

    public synchronized Optional<Pipeline> get(String id, int version) {
        return Optional.ofNullable(byId.getOrDefault(id, new TreeMap<>()).get(version));
    }

    public synchronized List<Pipeline> all() {
        List<Pipeline> out = new ArrayList<>();
        byId.values().forEach(v -> out.addAll(v.values()));
        return out;
    }
}
