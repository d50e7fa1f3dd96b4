package io.meridian.elastic.policy;

import io.meridian.elastic.pool.PoolSpec;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares waiting jobs out among the pools that can run them: each group goes to the cheapest fitting pool (per job
 * slot; a spot pool first when the cost is equal) until that pool is full at its max or budget, the rest to the next
 * cheapest. Jobs no pool fits are left out: no pool can help them.
 */
final class DemandSplit {
    /** Waiting jobs given to one pool, and the longest any of them has waited. */
    record Share(long waiting, Duration oldestWait) {
        static final Share NONE = new Share(0, Duration.ZERO);

        Share plus(long jobs, Duration wait) {
            return new Share(waiting + jobs, wait.compareTo(oldestWait) > 0 ? wait : oldestWait);
        }
    }

    static final Comparator<PoolSpec> CHEAPEST = Comparator
            .comparingDouble((PoolSpec p) -> p.costPerHour() / p.workerSlots())
            .thenComparing(p -> !p.spot())
            .thenComparing(PoolSpec::name);

    private DemandSplit() {}

    /**
     * @param pools   the pools that may grow, in any order
     * @param running jobs running now on each pool's workers, which count against its capacity
     */
    static Map<String, Share> split(List<PoolSpec> pools, List<WaitingGroup> waiting, Map<String, Long> running) {
        List<PoolSpec> byCost = pools.stream().sorted(CHEAPEST).toList();
        Map<String, Long> room = new LinkedHashMap<>();
        Map<String, Share> out = new LinkedHashMap<>();
        for (PoolSpec p : byCost) {
            room.put(p.name(), Math.max(0, (long) p.affordable() * p.workerSlots() - running.getOrDefault(p.name(), 0L)));
            out.put(p.name(), Share.NONE);
        }
        for (WaitingGroup g : waiting) {
            List<PoolSpec> fit = byCost.stream().filter(p -> p.offers(g.capabilities(), g.nodeType())).toList();
            long left = g.jobs();
            for (PoolSpec p : fit) {
                long take = Math.min(left, room.get(p.name()));
                if (take > 0) {
                    room.merge(p.name(), -take, Long::sum);
                    out.merge(p.name(), Share.NONE.plus(take, g.oldestWait()), DemandSplit::add);
                    left -= take;
                }
            }
            if (left > 0 && !fit.isEmpty()) {
                // Every fitting pool is full: the rest waits on the cheapest, whose size is capped anyway.
                out.merge(fit.getFirst().name(), Share.NONE.plus(left, g.oldestWait()), DemandSplit::add);
            }
        }
        return out;
    }

    private static Share add(Share a, Share b) {
        return a.plus(b.waiting(), b.oldestWait());
    }
}
