package io.meridian.engine.federation;

import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.GeoPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Orders a stage's regions by its strategy. For the strategies that run in one region (nearest, round_robin,
 * least_loaded, cost_optimized) the first usable region of the order is chosen; parallel and sequential keep the
 * order the stage lists. Ties fall back to the regions' priority (lower first), then to list order.
 */
final class RegionChooser {
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();

    /**
     * @param location  where the data is (for nearest); null when unknown
     * @param turnKey   round_robin keeps one turn counter per key (the pipeline and stage)
     */
    List<RegionConfig> order(FederationStrategy strategy, List<RegionConfig> listed, GeoPoint location,
                             Function<RegionConfig, RegionHealth> health, String turnKey) {
        Comparator<RegionConfig> byPriority = Comparator.comparingInt(RegionConfig::priority);
        List<RegionConfig> out = new ArrayList<>(listed);
        switch (strategy) {
            case PARALLEL, SEQUENTIAL -> { }
            case NEAREST -> {
                if (location != null) {
                    out.sort(Comparator.comparingDouble((RegionConfig r) -> r.location() == null ? Double.MAX_VALUE
                            : GreatCircle.km(location, r.location())).thenComparing(byPriority));
                } else {
                    out.sort(byPriority);
                }
            }
            case ROUND_ROBIN -> {
                int turn = (int) Math.floorMod(turns.computeIfAbsent(turnKey, k -> new AtomicLong())
                        .getAndIncrement(), (long) out.size());
                java.util.Collections.rotate(out, -turn);
            }
            case LEAST_LOADED -> out.sort(Comparator.comparingDouble((RegionConfig r) -> health.apply(r).loadRatio())
                    .thenComparing(byPriority));
            case COST_OPTIMIZED -> out.sort(Comparator.comparingDouble(RegionConfig::costPerExecution)
                    .thenComparing(byPriority));
        }
        return out;
    }
}
