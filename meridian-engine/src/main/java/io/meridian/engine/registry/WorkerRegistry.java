package io.meridian.engine.registry;

import io.meridian.engine.queue.WorkerProfile;
import io.meridian.engine.time.EngineClock;
import io.meridian.protocol.lease.WorkerRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registered workers and their liveness. Each registration is a new incarnation: a worker that restarts under
 * the same id replaces its previous incarnation, whose jobs the caller requeues at once. Runs under the
 * engine's state lock.
 */
public final class WorkerRegistry {

    /** A registered worker as the coordinator sees it. */
    public static final class Worker {
        public final WorkerRegistration registration;
        public final String incarnation;
        public final WorkerProfile profile;
        public final Instant registeredAt;
        Instant lastSeen;
        int activeJobs;

        Worker(WorkerRegistration registration, String incarnation, Instant now) {
            this.registration = registration;
            this.incarnation = incarnation;
            this.registeredAt = now;
            this.lastSeen = now;
            this.profile = new WorkerProfile(registration.workerId(), java.util.Set.copyOf(registration.capabilities()),
                    registration.cores(), registration.memoryMb(), registration.gpus());
        }

        public Instant lastSeen() {
            return lastSeen;
        }

        public int activeJobs() {
            return activeJobs;
        }
    }

    private final EngineClock clock;
    private final Map<String, Worker> workers = new LinkedHashMap<>();

    public WorkerRegistry(EngineClock clock) {
        this.clock = clock;
    }

    /** Registers a new incarnation; returns the one it replaced, if any. */
    public Optional<Worker> register(WorkerRegistration registration, Worker[] created) {
        Worker fresh = new Worker(registration, UUID.randomUUID().toString(), clock.now());
        created[0] = fresh;
        return Optional.ofNullable(workers.put(registration.workerId(), fresh));
    }

    /** The worker if this is its current incarnation; records that it was seen. */
    public Optional<Worker> touch(String workerId, String incarnation, int activeJobs) {
        Worker w = workers.get(workerId);
        if (w == null || (incarnation != null && !incarnation.equals(w.incarnation))) {
            return Optional.empty();
        }
        w.lastSeen = clock.now();
        w.activeJobs = activeJobs;
        return Optional.of(w);
    }

    public Optional<Worker> remove(String workerId) {
        return Optional.ofNullable(workers.remove(workerId));
    }

    /** Removes and returns the workers not seen for longer than {@code silence}. */
    public List<Worker> removeSilent(Duration silence) {
        Instant cutoff = clock.now().minus(silence);
        List<Worker> silent = new ArrayList<>();
        workers.values().removeIf(w -> {
            boolean gone = w.lastSeen.isBefore(cutoff);
            if (gone) {
                silent.add(w);
            }
            return gone;
        });
        return silent;
    }

    public Collection<Worker> all() {
        return List.copyOf(workers.values());
    }
}
