package io.meridian.server.types;

import io.meridian.engine.Coordinator;
import io.meridian.engine.federation.FederatedJobs;
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
    /** How long a union of workers' types answers "yes" without asking the registry again. */
    private static final long FRESH_NANOS = 1_000_000_000L;
    private final Set<String> own;
    private final Coordinator coordinator;
    private volatile Set<String> workersTypes = Set.of();
    private volatile long readAt;

    /** @param own the types known without asking workers (built-ins, handler jars, configured names) */
    public AcceptedStageTypes(Set<String> own, Coordinator coordinator) {
        this.own = Set.copyOf(own);
        this.coordinator = coordinator;
    }

    /**
     * A "yes" may come from the workers' types read up to a second ago (a pipeline of many stages asks once per
     * stage); a "no" is always checked against the registry now, so a worker that just registered counts at once.
     */
    @Override
    public boolean contains(Object type) {
        if (own.contains(type)) {
            return true;
        }
        if (System.nanoTime() - readAt < FRESH_NANOS && workersTypes.contains(type)) {
            return true;
        }
        return readWorkersTypes().contains(type);
    }

    private Set<String> readWorkersTypes() {
        Set<String> types = new java.util.HashSet<>();
        for (WorkerRegistry.Worker w : coordinator.workers()) {
            if (declares(w)) {
                types.addAll(w.registration.stageTypes());
            }
        }
        workersTypes = Set.copyOf(types);
        readAt = System.nanoTime();
        return workersTypes;
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
        all.addAll(readWorkersTypes());
        return all;
    }

    /**
     * Whether the worker's types count: it named them, and it is not the federation runner, whose internal type
     * is no stage type a pipeline may use.
     */
    private static boolean declares(WorkerRegistry.Worker w) {
        return w.registration.stageTypes() != null
                && !w.registration.capabilities().contains(FederatedJobs.CAPABILITY);
    }
}
