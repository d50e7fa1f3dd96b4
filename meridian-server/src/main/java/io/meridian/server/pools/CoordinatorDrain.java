package io.meridian.server.pools;

import io.meridian.elastic.policy.WorkerDrain;
import io.meridian.engine.Coordinator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Drains pool workers at the coordinator this node leads with: a draining worker gets no new job and is stopped by
 * its provisioner only once the queue has no job leased to it.
 */
public final class CoordinatorDrain implements WorkerDrain {
    private final Supplier<Optional<Coordinator>> leading;

    public CoordinatorDrain(Supplier<Optional<Coordinator>> leading) {
        this.leading = leading;
    }

    /** @throws IllegalStateException when this node no longer leads: the tick ends, nothing is stopped on a guess */
    @Override
    public int drain(String workerId) {
        return coordinator().drainWorker(workerId);
    }

    @Override
    public void undrain(String workerId) {
        coordinator().undrainWorker(workerId);
    }

    private Coordinator coordinator() {
        return leading.get().orElseThrow(() -> new IllegalStateException("this node no longer leads"));
    }
}
