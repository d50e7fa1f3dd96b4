package io.meridian.engine.placement;

import java.util.List;

/** The worker with the highest priority (its {@code priority} label), then the least loaded. */
public final class ByPriority implements PlacementStrategy {
    @Override
    public String choose(List<Candidate> candidates, String affinityKey) {
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (c.priority() > best.priority()
                    || c.priority() == best.priority() && LeastLoaded.ORDER.compare(c, best) < 0) {
                best = c;
            }
        }
        return best.workerId();
    }

    @Override
    public String name() {
        return "priority";
    }
}
