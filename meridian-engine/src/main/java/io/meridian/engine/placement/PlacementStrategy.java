package io.meridian.engine.placement;

import java.util.List;
import java.util.Locale;

/**
 * Picks one worker among candidates that all can run the job. Implementations must be fast: dispatch asks for
 * every job handed out while several workers wait (see PlacementBenchmark for 100 and 1,000 workers).
 */
public interface PlacementStrategy {

    /**
     * The chosen worker's id; {@code candidates} is never empty. A question, not a decision: the job may still go
     * elsewhere, so a strategy with a memory (whose turn it is) moves on only in {@link #placed}.
     */
    String choose(List<Candidate> candidates, String affinityKey);

    /** The job was handed to {@code worker}. */
    default void placed(Candidate worker) {}

    String name();

    /** least_loaded (default), round_robin, priority, cost_optimized or affinity. */
    static PlacementStrategy named(String name) {
        return switch (name == null ? "least_loaded" : name.toLowerCase(Locale.ROOT)) {
            case "least_loaded" -> new LeastLoaded();
            case "round_robin" -> new RoundRobin();
            case "priority" -> new ByPriority();
            case "cost_optimized" -> new CostOptimized();
            case "affinity" -> new Affinity();
            default -> throw new IllegalArgumentException("unknown placement strategy '" + name
                    + "' (least_loaded, round_robin, priority, cost_optimized, affinity)");
        };
    }
}
