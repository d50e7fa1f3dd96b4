package io.meridian.engine.lease;

import io.meridian.engine.placement.Candidate;
import io.meridian.engine.placement.Placer;
import io.meridian.engine.queue.JobEntry;
import io.meridian.engine.registry.WorkerRegistry;
import java.time.Duration;
import io.meridian.engine.time.EngineClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks placement whether a job should go to the worker asking for it. Candidates are the asking worker and the
 * healthy workers waiting for work that can run the job; with no other candidate the answer is yes. A job's own
 * placement strategy and affinity key ({@link io.meridian.store.JobSpec}) override the coordinator's default. So that a
 * preferred worker that never comes cannot hold a job back, any able worker takes a job that has waited longer
 * than one heartbeat.
 */
final class PlacementGate {
    private final WorkerRegistry registry;
    private final Placer placer;
    private final Duration patience;
    private final EngineClock clock;

    PlacementGate(WorkerRegistry registry, Placer placer, Duration patience, EngineClock clock) {
        this.registry = registry;
        this.placer = placer;
        this.patience = patience;
        this.clock = clock;
    }

    boolean accepts(WorkerRegistry.Worker asking, JobEntry job) {
        String strategy = job.spec().placementStrategy();
        String affinityKey = job.spec().affinityKey();
        boolean affinity = "affinity".equals(strategy) && affinityKey != null;
        if (!affinity && job.readySince() != null && job.readySince().plus(patience).isBefore(clock.now())) {
            return placed(strategy, asking);
        }
        if (affinity) {
            String bound = placer.affinityOf(affinityKey);
            if (bound != null && !bound.equals(asking.id()) && registry.get(bound)
                    .filter(w -> w.status().isHealthy()).isPresent()) {
                return false; // its worker is alive: the job waits for it
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(asking.candidate());
        for (WorkerRegistry.Worker w : registry.view()) {
            if (w != asking && w.isWaiting() && !w.draining() && w.status().isHealthy() && w.profile.satisfies(job.spec().type(), job.spec().requires())) {
                candidates.add(w.candidate());
            }
        }
        if (candidates.size() == 1 && !affinity) {
            return placed(strategy, asking);
        }
        return placer.choose(strategy, affinityKey, candidates).equals(asking.id()) && placed(strategy, asking);
    }

    private boolean placed(String strategy, WorkerRegistry.Worker asking) {
        placer.placed(strategy, asking.candidate());
        return true;
    }
}
