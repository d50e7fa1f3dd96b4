package io.meridian.engine.placement;

import java.util.List;

/** The cheapest worker per hour, then the least loaded. */
public final class CostOptimized implements PlacementStrategy {
    @Override
    public String choose(List<Candidate> candidates, String affinityKey) {
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (c.costPerHour() < best.costPerHour()
                    || c.costPerHour() == best.costPerHour() && LeastLoaded.ORDER.compare(c, best) < 0) {
                best = c;
            }
        }
        return best.workerId();
    }

    @Override
    public String name() {
        return "cost_optimized";
    }
}
