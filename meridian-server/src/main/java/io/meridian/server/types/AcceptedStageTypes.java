package io.meridian.server.types;

import io.meridian.engine.Coordinator;
import io.meridian.engine.registry.WorkerRegistry;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stage types a coordinator accepts in pipelines and queued jobs: those it knows itself (the built-ins and
 * any handler jars it loaded), those its configuration declares ({@code engine.stage_types}), and those its
 * registered workers say they have. A live view: a worker registering with a new type makes it acceptable at
 * once, so a worker started with {@code --handlers} can run pipelines the server has no jar for.
 */
public final class AcceptedStageTypes extends AbstractSet<String> {
    private final Set<String> own;
    private final Coordinator coordinator;

    /** @param own the types known without asking workers (built-ins, handler jars, configured names) */
    public AcceptedStageTypes(Set<String> own, Coordinator coordinator) {
        this.own = Set.copyOf(own);
        this.coordinator = coordinator;
    }

    @Override
    public boolean contains(Object type) {
        if (own.contains(type)) {
            return true;
        }
        for (WorkerRegistry.Worker w : coordinator.workers()) {
            if (w.registration.stageTypes() != null && w.registration.stageTypes().contains(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Iterator<String> iterator() {
        return snapshot().iterator();
    }

    @Override
    public int size() {
        return snapshot().size();
    }

    /** Every accepted type now, sorted (for "did you mean" and listings). */
    private Set<String> snapshot() {
        Set<String> all = new TreeSet<>(own);
        for (WorkerRegistry.Worker w : coordinator.workers()) {
            if (w.registration.stageTypes() != null) {
                all.addAll(w.registration.stageTypes());
            }
        }
        return all;
    }
}
