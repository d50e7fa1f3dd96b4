package io.meridian.engine.federation;

import io.meridian.model.json.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** Regions in memory: each answers with a function of the task, may fail or be slow, and records what it ran. */
final class FakeRegions implements RemoteExecutor {
    @FunctionalInterface
    interface Behaviour {
        JsonNode answer(RegionTask task) throws RegionFailure, InterruptedException;
    }

    final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final List<RegionTask> tasks = new CopyOnWriteArrayList<>();

    FakeRegions answer(String region, Behaviour behaviour) {
        behaviours.put(region, behaviour);
        return this;
    }

    FakeRegions constant(String region, String json) {
        return answer(region, task -> Json.parse(json));
    }

    FakeRegions failing(String region, String message) {
        return answer(region, task -> {
            throw new RegionFailure(message, true);
        });
    }

    FakeRegions slow(String region, long millis, String json) {
        return answer(region, task -> {
            Thread.sleep(millis);
            return Json.parse(json);
        });
    }

    @Override
    public JsonNode run(RegionConfig region, RegionTask task) throws RegionFailure, InterruptedException {
        calls.add(region.name());
        tasks.add(task);
        try {
            return behaviours.getOrDefault(region.name(), t -> Json.parse("\"" + region.name() + "\"")).answer(task);
        } catch (InterruptedException e) {
            cancelled.add(region.name());
            throw e;
        }
    }

    @Override
    public RegionProbe probe(RegionConfig region) {
        return new RegionProbe(!behaviours.containsKey("down:" + region.name()), 1, 0, null);
    }
}
