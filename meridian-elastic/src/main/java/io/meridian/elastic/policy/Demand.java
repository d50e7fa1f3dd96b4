package io.meridian.elastic.policy;

import java.util.List;
import java.util.Map;

/**
 * What the autoscaler sees at one tick, read from the leading coordinator.
 *
 * @param waiting        waiting jobs, grouped by what they require
 * @param arrivals       jobs ever submitted, as a running total; the difference between ticks is the arrival rate
 * @param activeByWorker jobs running now on each registered, healthy worker, by worker id (a worker absent here is
 *                       not registered, or not healthy)
 */
public record Demand(List<WaitingGroup> waiting, long arrivals, Map<String, Integer> activeByWorker) {
    public static final Demand NONE = new Demand(List.of(), 0, Map.of());

    public Demand {
        waiting = List.copyOf(waiting);
        activeByWorker = Map.copyOf(activeByWorker);
    }
}
