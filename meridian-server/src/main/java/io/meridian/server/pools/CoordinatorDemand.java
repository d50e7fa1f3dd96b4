package io.meridian.server.pools;

import io.meridian.elastic.policy.Demand;
import io.meridian.elastic.policy.WaitingGroup;
import io.meridian.engine.Coordinator;
import io.meridian.engine.queue.QueueStats;
import io.meridian.engine.queue.WaitingDemand;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.protocol.lease.NodeType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Reads the autoscaler's {@link Demand} from the leading coordinator: all of it from memory, no store query. */
final class CoordinatorDemand {
    private CoordinatorDemand() {}

    static Demand read(Coordinator c, Instant now) {
        List<WaitingGroup> waiting = c.waitingDemand().stream().map(d -> group(d, now)).toList();
        QueueStats s = c.queueStats();
        // Every job the queue has seen, by state: its growth between ticks is the arrival rate.
        long arrivals = s.waiting() + s.delayed() + s.leased() + s.running() + s.succeeded() + s.failed()
                + s.cancelled() + s.dead() + s.paused();
        Map<String, Integer> active = new HashMap<>();
        for (WorkerRegistry.Worker w : c.workers()) {
            if (w.status().isHealthy()) {
                active.put(w.id(), w.activeJobs());
            }
        }
        return new Demand(waiting, arrivals, active);
    }

    private static WaitingGroup group(WaitingDemand d, Instant now) {
        Duration waited = d.oldestReadySince() == null ? Duration.ZERO
                : Duration.between(d.oldestReadySince(), now);
        String nodeType = d.requires().nodeType();
        return new WaitingGroup(new HashSet<>(d.requires().capabilities()),
                nodeType == null ? null : NodeType.parse("requires.node_type", nodeType), d.jobs(),
                waited.isNegative() ? Duration.ZERO : waited);
    }
}
