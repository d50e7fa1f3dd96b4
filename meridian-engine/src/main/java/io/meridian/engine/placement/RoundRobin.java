package io.meridian.engine.placement;

import java.util.List;

/** Takes turns: the next worker (by registration order) after the one chosen last. */
public final class RoundRobin implements PlacementStrategy {
    private long last = -1;

    @Override
    public synchronized String choose(List<Candidate> candidates, String affinityKey) {
        Candidate next = null;
        Candidate first = null;
        for (Candidate c : candidates) {
            if (first == null || c.order() < first.order()) {
                first = c;
            }
            if (c.order() > last && (next == null || c.order() < next.order())) {
                next = c;
            }
        }
        return (next != null ? next : first).workerId();
    }

    /**
     * Only a placement moves the turn on. When choosing moved it, two idle workers asking in turn were each
     * told "the other one", and the job waited for a long poll to end.
     */
    @Override
    public synchronized void placed(Candidate worker) {
        last = worker.order();
    }

    @Override
    public String name() {
        return "round_robin";
    }
}
