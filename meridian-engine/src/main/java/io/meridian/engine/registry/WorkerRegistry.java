package io.meridian.engine.registry;

import io.meridian.engine.queue.WorkerProfile;
import io.meridian.engine.time.EngineClock;
import io.meridian.protocol.lease.WorkerIdInUse;
import io.meridian.protocol.lease.WorkerLimitReached;
import io.meridian.protocol.lease.WorkerRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registered workers and their liveness. A worker is UNHEALTHY after {@code heartbeatTimeout} (2.5 heartbeats)
 * without an exchange, and its registration expires (it goes OFFLINE) after twice that. Silence is counted from
 * when the worker's last exchange was answered, since a worker waits a heartbeat from its answer before it
 * exchanges again: a coordinator slow to commit under load then never makes a live worker look silent. A registration under a
 * known id with a new incarnation replaces the old one (the caller requeues the old incarnation's jobs); the same
 * incarnation registering again (after a coordinator restart) keeps what it holds.
 * <p>Each registration gets a random session secret that only the registering process learns: acting on the
 * registration (exchange, deregister) needs it, and a live worker's id cannot be registered again without it, so
 * workers sharing one worker token cannot kick each other out. Offline workers stay listed, with their last state,
 * as {@link WorkerLimits} says, and registrations are capped by it. Runs under the engine's state lock.
 */
public final class WorkerRegistry {

    /** A registered worker as the coordinator sees it. */
    public static final class Worker {
        public final WorkerRegistration registration;
        public final WorkerProfile profile;
        public final Instant registeredAt;
        /** Proves a request comes from the process that registered; never shown or logged. */
        final String secret;
        /** Written under the state lock, and without it by {@link #answered}; read under the lock. */
        volatile Instant lastSeen;
        int activeJobs;
        Instant deregisteredAt;
        boolean unhealthy;
        /** When its connections closed without a goodbye, until it is seen again; null otherwise. */
        Instant suspectSince;
        /** True while the worker has a long poll open: it is idle and waiting for work. */
        volatile boolean waiting;
        /**
         * Draining: it gets no new job and finishes the ones it holds, so that it can be stopped once idle (a pool's
         * scale-down). Lasts for this registration: the autoscaler asks again each tick while it drains.
         */
        volatile boolean draining;
        final long order;
        final int priority;

        Worker(WorkerRegistration registration, String secret, Instant now, long order) {
            this.order = order;
            this.secret = secret;
            this.priority = parsePriority(registration.labels().get("priority"));
            this.registration = registration;
            this.registeredAt = now;
            this.lastSeen = now;
            this.profile = new WorkerProfile(registration.workerId(), java.util.Set.copyOf(registration.capabilities()),
                    registration.cores(), registration.memoryMb(), registration.gpus(),
                    registration.stageTypes() == null ? null : java.util.Set.copyOf(registration.stageTypes()),
                    registration.nodeType());
        }

        public String id() {
            return registration.workerId();
        }

        /** An edge node: its connection comes and goes, so it gets longer leases and its session survives gaps. */
        public boolean edge() {
            return "edge".equals(registration.nodeType());
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

        /**
         * The worker's exchange, which touched it on arrival, has been answered (durably) just now: its next one is
         * due a heartbeat from here. Needs no lock: it only moves {@link #lastSeen} forward, and does not revive a
         * worker found silent meanwhile. Not for a long poll's answer, which is no sign of life.
         */
        public void answered(Instant now) {
            synchronized (this) {
                if (now.isAfter(lastSeen)) {
                    lastSeen = now;
                }
            }
        }

        public int activeJobs() {
            return activeJobs;
        }

        /** Whether it was asked to drain: it takes no new job. */
        public boolean draining() {
            return draining;
        }

        /** Asks it to drain ({@code true}) or to take jobs again; under the engine's state lock. */
        public void draining(boolean draining) {
            this.draining = draining;
        }

        /** The session secret: for the registration's answer to the registering process, nowhere else. */
        public String secret() {
            return secret;
        }

        /** When it went offline (deregistered, removed, or silent for too long), or null while registered. */
        public Instant offlineSince() {
            return deregisteredAt;
        }

        boolean live() {
            return deregisteredAt == null && !unhealthy;
        }

        public WorkerStatus status() {
            if (deregisteredAt != null) return WorkerStatus.OFFLINE;
            if (unhealthy) return WorkerStatus.UNHEALTHY;
            if (suspectSince != null) return WorkerStatus.SUSPECT;
            if (activeJobs == 0) return WorkerStatus.IDLE;
            return activeJobs >= registration.maxConcurrency() ? WorkerStatus.BUSY : WorkerStatus.ACTIVE;
        }
    }

    /** What a registration did: the new entry, and the previous incarnation it replaced, if any. */
    public record Registration(Worker worker, Worker replaced) {}

    private final EngineClock clock;
    private final Duration heartbeatTimeout;
    private final WorkerLimits limits;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, WorkerBreaker> breakers = new java.util.HashMap<>();
    private long registrations;
    /** Entries not offline: what {@link WorkerLimits#maxRegistered()} caps. */
    private int registered;

    public WorkerRegistry(EngineClock clock, Duration heartbeatTimeout) {
        this(clock, heartbeatTimeout, WorkerLimits.DEFAULT);
    }

    public WorkerRegistry(EngineClock clock, Duration heartbeatTimeout, WorkerLimits limits) {
        this.clock = clock;
        this.heartbeatTimeout = heartbeatTimeout;
        this.limits = limits;
    }

    /**
     * Registers a worker. The id of a live registration (registered and healthy) can be registered again only
     * with that registration's session secret; without it the call is refused with {@link WorkerIdInUse}.
     */
    public Registration register(WorkerRegistration registration, String presentedSecret) {
        Worker previous = workers.get(registration.workerId());
        boolean live = previous != null && previous.live();
        boolean renewal = live && SessionSecrets.matches(previous.secret, presentedSecret);
        if (live && !renewal) {
            throw WorkerIdInUse.of(registration.workerId(), heartbeatTimeout);
        }
        boolean takesASlot = previous == null || previous.deregisteredAt != null;
        if (takesASlot && registered >= limits.maxRegistered()) {
            throw new WorkerLimitReached(limits.maxRegistered());
        }
        Worker fresh = new Worker(registration, renewal ? previous.secret : SessionSecrets.generate(), clock.now(),
                ++registrations);
        workers.remove(registration.workerId()); // listing order: most recently registered last
        workers.put(registration.workerId(), fresh);
        if (takesASlot) {
            registered++;
        }
        boolean replaces = previous != null && previous.deregisteredAt == null
                && !Objects.equals(previous.registration.incarnation(), registration.incarnation());
        return new Registration(fresh, replaces ? previous : null);
    }

    /** The worker if this is its current, registered incarnation; records that it was seen and its load. */
    public Optional<Worker> touch(String workerId, String incarnation, String secret, int activeJobs) {
        Optional<Worker> w = touch(workerId, incarnation, secret);
        w.ifPresent(worker -> worker.activeJobs = activeJobs);
        return w;
    }

    /** Like {@link #touch(String, String, String, int)}, keeping the load last reported. */
    public Optional<Worker> touch(String workerId, String incarnation, String secret) {
        Optional<Worker> w = registered(workerId, incarnation, secret);
        w.ifPresent(worker -> {
            worker.lastSeen = clock.now();
            worker.unhealthy = false;
            worker.suspectSince = null;
        });
        return w;
    }

    /**
     * The worker's connections closed without a goodbye (its process may have died): it is SUSPECT from now until
     * it is seen again, and gets no new jobs meanwhile. Only for its current, healthy registration, proven by the
     * secret. Returns when the suspicion began (an earlier one still open counts), or empty.
     */
    public Optional<Instant> suspect(String workerId, String incarnation, String secret) {
        // An edge worker's connections closing is its normal weather, not a sign of death: only its (longer)
        // silence counts, so it comes back to its jobs and session.
        Optional<Worker> w = registered(workerId, incarnation, secret).filter(x -> !x.unhealthy && !x.edge());
        w.ifPresent(worker -> {
            if (worker.suspectSince == null) {
                worker.suspectSince = clock.now();
            }
        });
        return w.map(worker -> worker.suspectSince);
    }

    /**
     * A suspect that was not seen again since {@code since} (the grace has passed) becomes UNHEALTHY; returned
     * once, so that its jobs are requeued. Empty when it came back, or the registration changed meanwhile.
     */
    public Optional<Worker> lapseSuspect(String workerId, String incarnation, String secret, Instant since) {
        Optional<Worker> w = registered(workerId, incarnation, secret).filter(x -> !x.unhealthy
                && x.suspectSince != null && !x.lastSeen.isAfter(since));
        w.ifPresent(worker -> worker.unhealthy = true);
        return w;
    }

    /**
     * The worker if this is its current, registered and healthy incarnation, without counting this as a sign of
     * life: for acting on behalf of a request that is still waiting (a dead worker's poll can outlive it briefly).
     */
    public Optional<Worker> current(String workerId, String incarnation, String secret) {
        return registered(workerId, incarnation, secret).filter(w -> !w.unhealthy && w.suspectSince == null);
    }

    private Optional<Worker> registered(String workerId, String incarnation, String secret) {
        Worker w = workers.get(workerId);
        boolean current = w != null && w.deregisteredAt == null
                && Objects.equals(incarnation, w.registration.incarnation())
                && SessionSecrets.matches(w.secret, secret);
        return current ? Optional.of(w) : Optional.empty();
    }

    /** True if the id is registered (under any incarnation): an unknown worker is told to register again. */
    public boolean knows(String workerId) {
        Worker w = workers.get(workerId);
        return w != null && w.deregisteredAt == null;
    }

    /**
     * The worker stops: only with its registration's session secret ({@link WorkerSecretMismatch} otherwise).
     * Returns the registration, or empty when the id is not registered (already offline, or unknown).
     */
    public Optional<Worker> deregister(String workerId, String secret) {
        Worker w = workers.get(workerId);
        if (w == null || w.deregisteredAt != null) {
            return Optional.empty();
        }
        if (!SessionSecrets.matches(w.secret, secret)) {
            throw new WorkerSecretMismatch(workerId);
        }
        return evict(workerId);
    }

    /** Takes a worker offline without its secret: for an admin removing a worker. */
    public Optional<Worker> evict(String workerId) {
        Worker w = workers.get(workerId);
        if (w == null || w.deregisteredAt != null) {
            return Optional.empty();
        }
        goOffline(w, clock.now());
        return Optional.of(w);
    }

    private void goOffline(Worker w, Instant now) {
        w.deregisteredAt = now;
        registered--;
    }

    /**
     * Marks workers silent for longer than the heartbeat timeout unhealthy (returning them, once, so their jobs
     * can be requeued) and takes those silent for twice that offline. Offline workers are forgotten once past
     * their retention, or beyond the cap on how many are kept (the longest offline first).
     */
    public List<Worker> sweep(java.util.function.Consumer<Worker> wentOffline) {
        Instant now = clock.now();
        List<Worker> newlyUnhealthy = new ArrayList<>();
        List<Worker> offline = new ArrayList<>();
        for (Worker w : workers.values()) {
            Duration timeout = silenceAllowed(w);
            if (w.deregisteredAt == null && w.lastSeen.plus(timeout.multipliedBy(2)).isBefore(now)) {
                goOffline(w, now);
                wentOffline.accept(w);
            }
            if (w.deregisteredAt != null) {
                offline.add(w);
            } else if (!w.unhealthy && w.lastSeen.plus(timeout).isBefore(now)) {
                w.unhealthy = true;
                newlyUnhealthy.add(w);
            }
        }
        offline.sort(Comparator.comparing(w -> w.deregisteredAt));
        int over = offline.size() - limits.maxOffline();
        for (int i = 0; i < offline.size(); i++) {
            Worker w = offline.get(i);
            if (i < over || w.deregisteredAt.plus(limits.offlineRetention()).isBefore(now)) {
                workers.remove(w.id(), w);
                breakers.remove(w.id()); // forgotten with the worker, so breakers are as bounded as workers
            }
        }
        return newlyUnhealthy;
    }

    /** How long the worker may stay silent before it is unhealthy: longer for an edge worker. */
    public Duration silenceAllowed(Worker w) {
        return w.edge() ? heartbeatTimeout.multipliedBy(limits.edgeLeaseMultiplier()) : heartbeatTimeout;
    }

    /** The multiple of the usual lease an edge worker's jobs get. */
    public int edgeLeaseMultiplier() {
        return limits.edgeLeaseMultiplier();
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
