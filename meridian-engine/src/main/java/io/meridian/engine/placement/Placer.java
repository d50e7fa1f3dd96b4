package io.meridian.engine.placement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a worker asking for work should get a given job, when others could take it too. The engine
 * dispatches by pull, so placement chooses among the workers that are <em>waiting</em> for work (plus the one
 * asking): under load every worker is busy and takes what it can, and when several sit idle the strategy picks
 * (least loaded, round robin, priority, cheapest, or the worker bound to the job's affinity key).
 */
public final class Placer {
    private final PlacementStrategy defaultStrategy;
    private final Map<String, PlacementStrategy> strategies = new ConcurrentHashMap<>();

    public Placer(String defaultStrategy) {
        this.defaultStrategy = PlacementStrategy.named(defaultStrategy);
        strategies.put(this.defaultStrategy.name(), this.defaultStrategy);
    }

    /**
     * @param strategyName null for the coordinator's default
     * @param candidates   the asking worker and the waiting ones, all able to run the job
     */
    public String choose(String strategyName, String affinityKey, List<Candidate> candidates) {
        return strategy(strategyName).choose(candidates, affinityKey);
    }

    /** Tells the strategy that a job went to {@code worker}. */
    public void placed(String strategyName, Candidate worker) {
        strategy(strategyName).placed(worker);
    }

    private PlacementStrategy strategy(String strategyName) {
        return strategyName == null ? defaultStrategy : strategies.computeIfAbsent(strategyName, PlacementStrategy::named);
    }

    /** The worker the key is bound to under the affinity strategy, if any. */
    public String affinityOf(String affinityKey) {
        PlacementStrategy a = strategies.get("affinity");
        return a instanceof Affinity affinity && affinityKey != null ? affinity.boundTo(affinityKey) : null;
    }
}
