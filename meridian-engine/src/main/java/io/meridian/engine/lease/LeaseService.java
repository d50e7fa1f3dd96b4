package io.meridian.engine.lease;

import io.meridian.engine.durability.StateGuard;
import io.meridian.engine.durability.UnitOfWork;
import io.meridian.engine.queue.JobEntry;
import io.meridian.engine.queue.JobQueue;
import io.meridian.engine.registry.WorkerEvents;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.model.event.EventType;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.ResultCheck;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the lease protocol, used as-is by in-process workers and behind HTTP by remote ones.
 * Reports are accepted only from the current lease (attempt number = fencing token); everything a response
 * acknowledges or grants is durable before the response is returned.
 */
public final class LeaseService implements LeaseProtocol {
    private static final Logger log = LoggerFactory.getLogger(LeaseService.class);

    private final StateGuard guard;
    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final LeaseSettings settings;
    private volatile GrantTraceContext traces = GrantTraceContext.NONE;
    private final PlacementGate placement;
    private final io.meridian.engine.time.EngineClock clock;
    private final GrantPayloads payloads;
    /** Exchanges waiting in a long poll, oldest first; guarded by the state lock. */
    private final List<Waiter> waiters = new ArrayList<>();

    public LeaseService(StateGuard guard, JobQueue queue, WorkerRegistry registry, LeaseSettings settings,
                        io.meridian.engine.time.EngineClock clock, GrantPayloads payloads) {
        this.guard = guard;
        this.payloads = payloads;
        this.queue = queue;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        queue.onLostWithWorker(workerId -> registry.breaker(workerId).lostJob(clock.now()));
        queue.leaseTtlBy(workerId -> leaseTtl(registry.get(workerId).map(WorkerRegistry.Worker::edge).orElse(false)));
        this.placement = new PlacementGate(registry, new io.meridian.engine.placement.Placer(settings.placement()),
                settings.heartbeat(), clock);
        guard.onNewWork(this::handOff);
    }

    /**
     * Registers a worker after checking every field it stores or logs ({@link RegistrationRules}). An id whose
     * registration is live needs that registration's secret ({@code WorkerIdInUse} otherwise).
     */
    @Override
    public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
        RegistrationRules.check(registration);
        String secret = guard.write(work -> {
            WorkerRegistry.Registration r = registry.register(registration, sessionSecret);
            work.emit(WorkerEvents.registered(registration, clock.now()));
            if (r.replaced() != null) {
                int requeued = queue.releaseWorker(registration.workerId(), "worker restarted (new incarnation)", work);
                if (requeued > 0) {
                    log.info("Worker {} restarted; {} jobs of its previous incarnation requeued",
                            registration.workerId(), requeued);
                }
            }
            return r.worker().secret();
        });
        return new WorkerSession(registration.workerId(), registration.incarnation(),
                leaseTtl("edge".equals(registration.nodeType())).toMillis(),
                settings.heartbeat().toMillis(), secret, settings.maxResultBytes(), 0);
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest request) {
        long[] generation = new long[1];
        // An output that cannot be stored fails its own job here (outside the state lock), never the commit of
        // the whole batch: an in-process handler's result reaches the store without passing through JSON first.
        List<JobReport> reports = request.reports().stream()
                .map(r -> ResultCheck.screen(r, settings.maxResultBytes())).toList();
        boolean[] current = new boolean[1];
        WorkerRegistry.Worker[] touched = new WorkerRegistry.Worker[1];
        ExchangeResponse first = guard.write(work -> {
            generation[0] = guard.workGeneration();
            var worker = registry.touch(request.workerId(), request.incarnation(), request.sessionSecret(),
                    request.activeJobs());
            if (worker.isEmpty() && !registry.knows(request.workerId())) {
                // Unknown (the coordinator restarted, or dropped it as silent): nothing was processed; the worker
                // registers again and repeats the exchange, and results of still-current leases are accepted.
                return new ExchangeResponse(List.of(), List.of(), List.of(), true);
            }
            current[0] = worker.isPresent();
            touched[0] = worker.orElse(null);
            if (worker.isEmpty()) {
                // A superseded incarnation (the process was restarted elsewhere) holds nothing.
                List<LeaseRef> refused = reports.stream().map(JobReport::lease).toList();
                return new ExchangeResponse(List.of(), refused, request.held(), false);
            }
            List<LeaseRef> refused = new ArrayList<>();
            for (JobReport reported : reports) {
                JobReport r = ReportRules.admit(reported);
                if (!queue.report(request.workerId(), r, work)) {
                    refused.add(r.lease());
                } else if (r instanceof JobReport.Succeeded) {
                    registry.breaker(request.workerId()).succeeded();
                }
            }
            List<LeaseRef> revoked = request.held().stream().filter(l -> !queue.renew(request.workerId(), l)).toList();
            List<LeaseGrant> grants = claim(worker.get(), request.wantJobs(), work);
            return new ExchangeResponse(grants, refused, revoked, false);
        });
        // Only the current registration waits: a superseded one (or a request without the secret) must not mark
        // the worker as waiting for placement.
        if (!current[0] || !first.grants().isEmpty() || first.reregister() || request.wantJobs() == 0 || request.waitMillis() <= 0
                || first.revoked().size() == request.held().size() && !request.held().isEmpty()) {
            if (touched[0] != null) {
                touched[0].answered(clock.now()); // durable now: the worker's next heartbeat is due from here
            }
            return payloads.fill(first);
        }
        // Long poll: nothing to hand out now, so wait for work (or the timeout) and try again; while waiting the
        // worker is a placement candidate, and a job placement leaves for another worker means waiting on.
        Waiter waiter = new Waiter(request.workerId(), request.incarnation(), request.sessionSecret(),
                request.wantJobs());
        var waiting = guard.read(() -> {
            waiters.add(waiter);
            return registry.get(request.workerId());
        });
        waiting.ifPresent(w -> w.setWaiting(true));
        try {
            long deadline = System.nanoTime() + request.waitMillis() * 1_000_000;
            long seen = generation[0];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                boolean woke = left > 0 && guard.awaitWork(seen, left);
                long[] now = {seen};
                List<LeaseGrant> grants = guard.write(work -> {
                    if (waiter.handedIn == null && woke) {
                        now[0] = guard.workGeneration();
                        // The load this request carried is stale by now (the worker's other loop reports as jobs
                        // finish): claim with the load the registry holds, the one other workers are compared with.
                        // Waking is no sign of life either (the poll touched the worker when it arrived), so a
                        // worker found silent meanwhile stays so.
                        List<LeaseGrant> claimed = registry.current(request.workerId(), request.incarnation(),
                                        request.sessionSecret())
                                .map(w -> claim(w, request.wantJobs(), work)).orElse(List.of());
                        if (claimed.isEmpty()) {
                            return null; // wait on
                        }
                        waiters.remove(waiter);
                        return claimed;
                    }
                    // Given jobs by another operation, or out of time: either way no longer waiting. Leaving the
                    // list under the lock means nothing can be handed to this request after it has answered.
                    waiters.remove(waiter);
                    return waiter.grants;
                });
                if (grants == null) {
                    seen = now[0];
                    continue;
                }
                if (waiter.handedIn != null) {
                    guard.awaitDurable(waiter.handedIn);
                }
                return grants.isEmpty() ? first
                        : payloads.fill(new ExchangeResponse(grants, first.refused(), first.revoked(), false));
            }
        } finally {
            guard.read(() -> waiters.remove(waiter));
            waiting.ifPresent(w -> w.setWaiting(false));
        }
    }

    /**
     * Runs at the end of every operation that made jobs ready, under the state lock: claims for each waiting
     * long poll (placement decides which worker gets which job) within that same operation, so the jobs and
     * their leases are made durable by one commit and the waiting worker answers as soon as it is done.
     */
    private void handOff(UnitOfWork work) {
        // Placement may keep the first job for a waiter further down the list, so go round again while a pass
        // handed something out: the passes end when every waiter has jobs or nobody took any.
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Waiter waiter : waiters) {
                if (waiter.handedIn != null) {
                    continue;
                }
                // Not a touch: a submission is no sign that the waiting worker is alive, and must not revive one
                // found silent.
                List<LeaseGrant> grants = registry.current(waiter.workerId, waiter.incarnation, waiter.secret)
                        .map(w -> claim(w, waiter.want, work)).orElse(List.of());
                if (!grants.isEmpty()) {
                    waiter.grants = grants;
                    waiter.handedIn = work;
                    progress = true;
                }
            }
        }
    }

    /** A long-polling exchange; its fields are only touched under the state lock. */
    private static final class Waiter {
        final String workerId;
        final String incarnation;
        final String secret;
        final int want;
        List<LeaseGrant> grants = List.of();
        /** The operation whose commit carries the grants handed to this waiter. */
        UnitOfWork handedIn;

        Waiter(String workerId, String incarnation, String secret, int want) {
            this.workerId = workerId;
            this.incarnation = incarnation;
            this.secret = secret;
            this.want = want;
        }
    }

    /** Only with the registration's secret ({@code WorkerSecretMismatch} otherwise). */
    @Override
    public void deregister(String workerId, String sessionSecret) {
        guard.write(work -> {
            registry.deregister(workerId, sessionSecret).ifPresent(w -> {
                work.emit(WorkerEvents.of(EventType.WORKER_DEREGISTERED, w, "said goodbye", clock.now()));
                handBack(workerId, work);
            });
            return null;
        });
    }

    /**
     * The worker's connections closed without a goodbye: it is suspect (no new jobs) until seen again. Returns
     * when the suspicion began, or empty when this is not the worker's current registration.
     */
    public Optional<java.time.Instant> suspect(String workerId, String incarnation, String sessionSecret) {
        return guard.write(work -> registry.suspect(workerId, incarnation, sessionSecret));
    }

    /**
     * A suspect not seen since {@code since} is taken for dead: UNHEALTHY, its jobs requeued (a wrong guess costs a
     * repeated attempt, never a double result: its late reports are refused by the attempt number). Returns how
     * many jobs were requeued, or -1 when the worker came back (or changed registration) meanwhile.
     */
    public int releaseSuspect(String workerId, String incarnation, String sessionSecret, java.time.Instant since) {
        return guard.write(work -> registry.lapseSuspect(workerId, incarnation, sessionSecret, since).map(w -> {
            work.emit(WorkerEvents.of(EventType.WORKER_UNHEALTHY, w, "connections closed without a goodbye",
                    clock.now()));
            int requeued = queue.releaseWorker(workerId, "worker's connection closed without a goodbye", work);
            log.warn("Worker {} closed its connections without a goodbye and did not come back: unhealthy; {} of its "
                    + "jobs requeued", workerId, requeued);
            return requeued;
        }).orElse(-1));
    }

    /**
     * Stops giving a worker new jobs (idempotent); it keeps and finishes the ones it holds. Returns how many it still
     * holds (leased to it, as the queue knows, whatever load it last reported), or -1 when it is not registered.
     */
    public int drain(String workerId) {
        return guard.read(() -> registry.get(workerId).filter(w -> w.offlineSince() == null).map(w -> {
            w.draining(true);
            return queue.leasedTo(workerId);
        }).orElse(-1));
    }

    /** Gives a draining worker jobs again; false when it is not registered. */
    public boolean undrain(String workerId) {
        return guard.read(() -> registry.get(workerId).filter(w -> w.offlineSince() == null).map(w -> {
            w.draining(false);
            return true;
        }).orElse(false));
    }

    /** An admin removes a worker without its secret: it goes offline and its jobs are requeued at once. */
    public boolean remove(String workerId) {
        return guard.write(work -> {
            Optional<WorkerRegistry.Worker> evicted = registry.evict(workerId);
            boolean removed = evicted.isPresent();
            if (removed) {
                work.emit(WorkerEvents.of(EventType.WORKER_OFFLINE, evicted.get(), "removed by an admin", clock.now()));
                int requeued = queue.releaseWorker(workerId, "worker removed by an admin", work);
                log.info("Worker {} removed by an admin; {} jobs it held were requeued", workerId, requeued);
            }
            return removed;
        });
    }

    private void handBack(String workerId, UnitOfWork work) {
        int requeued = queue.handBack(workerId, work);
        if (requeued > 0) {
            log.info("Worker {} deregistered; {} jobs it held were requeued", workerId, requeued);
        }
    }

    /** A job lease's length: {@code engine.workers.edge_lease_multiplier} times longer on an edge worker. */
    private java.time.Duration leaseTtl(boolean edge) {
        return edge ? settings.leaseTtl().multipliedBy(registry.edgeLeaseMultiplier()) : settings.leaseTtl();
    }

    /** Claims jobs for a worker, leaving to placement the ones another waiting worker should get. */
    private List<LeaseGrant> claim(WorkerRegistry.Worker worker, int max, io.meridian.engine.durability.UnitOfWork work) {
        if (worker.draining()) {
            return List.of(); // it finishes what it holds and is stopped once idle: nothing new
        }
        var breaker = registry.breaker(worker.id());
        int allowed = breaker.allowance(clock.now(), max);
        if (allowed == 0) {
            return List.of();
        }
        List<JobEntry> jobs = queue.claim(worker.profile, allowed, job -> placement.accepts(worker, job), work);
        worker.granted(jobs.size());
        breaker.granted(jobs.size());
        return grants(jobs);
    }

    /** Sets what names each grant's trace context (tracing on); {@link GrantTraceContext#NONE} by default. */
    public void traceGrantsWith(GrantTraceContext traces) {
        this.traces = traces == null ? GrantTraceContext.NONE : traces;
    }

    private List<LeaseGrant> grants(List<JobEntry> jobs) {
        List<LeaseGrant> out = new ArrayList<>(jobs.size());
        GrantTraceContext tracing = traces;
        for (JobEntry j : jobs) {
            var r = j.toRecord();
            var spec = r.spec();
            String traceparent = tracing == GrantTraceContext.NONE ? null
                    : tracing.traceparent(spec.executionId(), spec.stageId(), j.id(), j.attempt());
            // the payload is added once the leases are durable, read from the store in one batch (GrantPayloads)
            out.add(new LeaseGrant(new LeaseRef(j.id(), j.attempt()), spec.type(), j.pendingPayload(),
                    spec.idempotencyKey(j.id()), spec.priority(), r.state().leaseExpiresAt(), r.state().deadline(),
                    spec.executionId(), spec.stageId(), spec.itemIndex(), spec.placementStrategy(),
                    spec.affinityKey(), traceparent));
        }
        return out;
    }
}
