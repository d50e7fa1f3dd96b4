package io.meridian.engine.placement;

import java.util.Comparator;
import java.util.List;

/** The worker with the lowest load / max concurrency; ties by registration order. */
public final class LeastLoaded implements PlacementStrategy {
    static final Comparator<Candidate> ORDER = Comparator.comparingDouble(Candidate::load)
            .thenComparingLong(Candidate::order);

    @Override
    public String choose(List<Candidate> candidates, String affinityKey) {
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (ORDER.compare(c, best) < 0) {
                best = c;
            }
        }
        return best.workerId();
    }

    @Override
    public String name() {
        return "least_loaded";
    }
}
