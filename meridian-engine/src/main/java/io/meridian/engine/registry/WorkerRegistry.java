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
import java.util.Objects;
import java.util.Optional;

/**
 * Registered workers and their liveness. A worker is UNHEALTHY after {@code heartbeatTimeout} (3 heartbeats)
 * without an exchange, and its registration expires after twice that. A registration under a known id with a new
 * incarnation replaces the old one (the caller requeues the old incarnation's jobs); the same incarnation
 * registering again (after a coordinator restart) keeps what it holds. Runs under the engine's state lock.
 */
public final class WorkerRegistry {

    /** A registered worker as the coordinator sees it. */
    public static final class Worker {
        public final WorkerRegistration registration;
        public final WorkerProfile profile;
        public final Instant registeredAt;
        Instant lastSeen;
        int activeJobs;
        Instant deregisteredAt;
        boolean unhealthy;
        /** True while the worker has a long poll open: it is idle and waiting for work. */
        volatile boolean waiting;
        final long order;
        final int priority;

        Worker(WorkerRegistration registration, Instant now, long order) {
            this.order = order;
            this.priority = parsePriority(registration.labels().get("priority"));
            this.registration = registration;
            this.registeredAt = now;
            this.lastSeen = now;
            this.profile = new WorkerProfile(registration.workerId(), java.util.Set.copyOf(registration.capabilities()),
                    registration.cores(), registration.memoryMb(), registration.gpus());
        }

        public String id() {
            return registration.workerId();
        }

        public boolean isWaiting() {
            return waiting;
        }

        public void setWaiting(boolean waiting) {
            this.waiting = waiting;
        }

        /** Counts jobs granted since the worker last reported its load, so placement sees them at once. */
        public void granted(int n) {
            activeJobs += n;
        }

        public io.meridian.engine.placement.Candidate candidate() {
            return new io.meridian.engine.placement.Candidate(id(), activeJobs, registration.maxConcurrency(),
                    registration.costPerHour(), priority, order);
        }

        private static int parsePriority(String label) {
            try {
                return label == null ? 0 : Integer.parseInt(label.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        public Instant lastSeen() {
            return lastSeen;
        }

        public int activeJobs() {
            return activeJobs;
        }

        public WorkerStatus status() {
            if (deregisteredAt != null) return WorkerStatus.OFFLINE;
            if (unhealthy) return WorkerStatus.UNHEALTHY;
            if (activeJobs == 0) return WorkerStatus.IDLE;
            return activeJobs >= registration.maxConcurrency() ? WorkerStatus.BUSY : WorkerStatus.ACTIVE;
        }
    }

    /** What a registration did: the new entry, and the previous incarnation it replaced, if any. */
    public record Registration(Worker worker, Worker replaced) {}

    private final EngineClock clock;
    private final Duration heartbeatTimeout;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, WorkerBreaker> breakers = new java.util.HashMap<>();
    private long registrations;

    public WorkerRegistry(EngineClock clock, Duration heartbeatTimeout) {
        this.clock = clock;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    public Registration register(WorkerRegistration registration) {
        Worker previous = workers.get(registration.workerId());
        Worker fresh = new Worker(registration, clock.now(), ++registrations);
        workers.put(registration.workerId(), fresh);
        boolean sameProcess = previous != null && previous.deregisteredAt == null
                && Objects.equals(previous.registration.incarnation(), registration.incarnation());
        return new Registration(fresh, previous == null || sameProcess ? null : previous);
    }

    /** The worker if this is its current, registered incarnation; records that it was seen and its load. */
    public Optional<Worker> touch(String workerId, String incarnation, int activeJobs) {
        Optional<Worker> w = touch(workerId, incarnation);
        w.ifPresent(worker -> worker.activeJobs = activeJobs);
        return w;
    }

    /** Like {@link #touch(String, String, int)}, keeping the load last reported. */
    public Optional<Worker> touch(String workerId, String incarnation) {
        Optional<Worker> w = registered(workerId, incarnation);
        w.ifPresent(worker -> {
            worker.lastSeen = clock.now();
            worker.unhealthy = false;
        });
        return w;
    }

    /**
     * The worker if this is its current, registered and healthy incarnation, without counting this as a sign of
     * life: for acting on behalf of a request that is still waiting (a dead worker's poll can outlive it briefly).
     */
    public Optional<Worker> current(String workerId, String incarnation) {
        return registered(workerId, incarnation).filter(w -> !w.unhealthy);
    }

    private Optional<Worker> registered(String workerId, String incarnation) {
        Worker w = workers.get(workerId);
        boolean current = w != null && w.deregisteredAt == null
                && Objects.equals(incarnation, w.registration.incarnation());
        return current ? Optional.of(w) : Optional.empty();
    }

    /** True if the id is registered (under any incarnation): an unknown worker is told to register again. */
    public boolean knows(String workerId) {
        Worker w = workers.get(workerId);
        return w != null && w.deregisteredAt == null;
    }

    public Optional<Worker> deregister(String workerId) {
        Worker w = workers.get(workerId);
        if (w != null) {
            w.deregisteredAt = clock.now();
        }
        return Optional.ofNullable(w);
    }

    /**
     * Marks workers silent for longer than the heartbeat timeout unhealthy (returning them, once, so their jobs
     * can be requeued) and forgets registrations that expired (twice the timeout) or went offline as long ago.
     */
    public List<Worker> sweep() {
        Instant now = clock.now();
        List<Worker> newlyUnhealthy = new ArrayList<>();
        workers.values().removeIf(w -> {
            Instant since = w.deregisteredAt != null ? w.deregisteredAt : w.lastSeen;
            return since.plus(heartbeatTimeout.multipliedBy(2)).isBefore(now);
        });
        for (Worker w : workers.values()) {
            if (!w.unhealthy && w.deregisteredAt == null && w.lastSeen.plus(heartbeatTimeout).isBefore(now)) {
                w.unhealthy = true;
                newlyUnhealthy.add(w);
            }
        }
        return newlyUnhealthy;
    }

    /** The worker id's circuit breaker (it outlives incarnations: a crash-looping worker stays suspect). */
    public WorkerBreaker breaker(String workerId) {
        return breakers.computeIfAbsent(workerId, id -> new WorkerBreaker(3, Duration.ofMinutes(1),
                Duration.ofSeconds(30)));
    }

    public Optional<Worker> get(String workerId) {
        return Optional.ofNullable(workers.get(workerId));
    }

    /** The live view (no copy): only under the engine's state lock. */
    public Collection<Worker> view() {
        return java.util.Collections.unmodifiableCollection(workers.values());
    }

    public Collection<Worker> all() {
        return List.copyOf(workers.values());
    }
}
