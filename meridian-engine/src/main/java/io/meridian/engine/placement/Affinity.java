package io.meridian.engine.placement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The same worker for the same affinity key while that worker is a candidate (healthy and able); otherwise the
 * least loaded, which then becomes the key's worker. Jobs without a key are placed least-loaded.
 */
public final class Affinity implements PlacementStrategy {
    private final Map<String, String> workerByKey = new ConcurrentHashMap<>();
    private final LeastLoaded fallback = new LeastLoaded();

    @Override
    public String choose(List<Candidate> candidates, String affinityKey) {
        if (affinityKey == null) {
            return fallback.choose(candidates, null);
        }
        String sticky = workerByKey.get(affinityKey);
        if (sticky != null && candidates.stream().anyMatch(c -> c.workerId().equals(sticky))) {
            return sticky;
        }
        String chosen = fallback.choose(candidates, null);
        workerByKey.put(affinityKey, chosen);
        return chosen;
    }

    /** The worker a key is bound to, if any (it may be unhealthy now). */
    public String boundTo(String affinityKey) {
        return workerByKey.get(affinityKey);
    }

    @Override
    public String name() {
        return "affinity";
    }
}
