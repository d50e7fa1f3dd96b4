package io.meridian.engine.queue;

import io.meridian.engine.durability.UnitOfWork;
import io.meridian.engine.time.EngineClock;
import io.meridian.model.execution.IllegalJobTransition;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.JobTransitions;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.StoreWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable priority queue's rules, applied to the live (non-terminal) jobs held in memory. Every method runs
 * under the engine's state lock and records what it changed in the given {@link UnitOfWork}; the caller makes
 * those changes durable before acknowledging anything. Terminal jobs leave memory (the store keeps them); {@link
 * FinishedJobs} counts them as they go.
 */
public final class JobQueue {
    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);
    private static final int MAX_LOG_LINES = 100;

    private final EngineClock clock;
    private final QueueSettings settings;
    /** A lease's length by worker id (see {@link #leaseTtlBy}); under the state lock like the rest. */
    private java.util.function.Function<String, java.time.Duration> leaseTtl;
    private final LiveJobs live = new LiveJobs();
    /** The leased subset of {@link #live}, so sweeps and worker releases need not scan every live job. */
    private final Set<JobEntry> leased = new java.util.LinkedHashSet<>();
    /** Live jobs by state and waiting jobs by priority, kept as jobs move so stats cost nothing to read. */
    private final long[] liveByStatus = new long[JobStatus.values().length];
    private final long[] waitingByPriority = new long[11];
    private final ReadyQueue ready;
    private final DelayedJobs delayed = new DelayedJobs();
    private final SpecInterner specs = new SpecInterner();
    private final RateLimits rateLimits;
    private final Set<String> pausedTypes = new HashSet<>();
    private final JobOutcomeListener listener;
    private final FinishedJobs finishedJobs;
    private final DoubleSupplier random;
    private boolean dispatchPaused;
    private long refusedTransitions;
    private java.util.function.Consumer<String> lostWithWorker = workerId -> { };

    public JobQueue(EngineClock clock, QueueSettings settings, JobOutcomeListener listener,
                    FinishedJobs finishedJobs, DoubleSupplier random) {
        this.clock = clock;
        this.settings = settings;
        this.leaseTtl = workerId -> settings.leaseTtl();
        this.listener = listener;
        this.finishedJobs = finishedJobs;
        this.random = random;
        this.ready = new ReadyQueue(settings.agingInterval());
        this.rateLimits = new RateLimits(settings.rateLimits());
    }

    public JobQueue(EngineClock clock, QueueSettings settings, JobOutcomeListener listener,
                    FinishedJobs finishedJobs) {
        this(clock, settings, listener, finishedJobs, () -> ThreadLocalRandom.current().nextDouble());
    }

    // ---- submission -------------------------------------------------------------------------------------

    /** Adds a job; {@code notBefore} (nullable) delays it. {@code held} creates it PAUSED. */
    public JobEntry submit(JobSpec spec, Instant notBefore, boolean held, UnitOfWork work) {
        Instant now = clock.now();
        JobEntry job = new JobEntry(JobIds.next("j", now.toEpochMilli()), specs.intern(spec), spec.payload(), now);
        job.notBefore = notBefore;
        live.put(job);
        if (held) {
            setStatus(job, JobStatus.PAUSED, work);
        } else {
            makeReady(job, work);
        }
        if (job.payload != null) {
            // from here on the store holds it: a deep queue keeps no payloads in memory (handed out by LeaseService)
            work.onDurable(() -> job.payload = null);
        }
        return job;
    }

    /**
     * Puts a job recovered from the store back into memory. A leased job is requeued as a lost delivery, or with
     * {@code keepLease} stays leased for one more lease period, so that a worker process that outlived the
     * coordinator can still renew it and report (after that, the sweep requeues it).
     */
    public void restore(JobRecord record, boolean keepLease, UnitOfWork work) {
        JobEntry job = JobEntry.fromRecord(record, specs);
        if (live.containsKey(job.id())) {
            return;
        }
        live.put(job);
        count(job, +1);
        switch (job.status) {
            case WAITING -> {
                // unchanged, so nothing to write: a takeover with millions queued must not rewrite them all
                ready.add(job, clock.now());
                work.newWorkAvailable();
            }
            case DELAYED -> makeReady(job, work);
            case PAUSED -> { }
            case LEASED, RUNNING -> {
                if (keepLease) {
                    job.leaseExpiresAt = clock.now().plus(settings.leaseTtl());
                    leased.add(job);
                } else {
                    // The coordinator died, not the worker: no mark against the worker's breaker.
                    withoutBlame(() -> loseLease(job, "its coordinator restarted while the job was leased", work));
                }
            }
            default -> live.remove(job.id());
        }
    }

    // ---- dispatch --------------------------------------------------------------------------------------

    /** Hands out up to {@code max} jobs to a worker: each gets a new attempt number, lease and deadline. */
    public List<JobEntry> claim(WorkerProfile worker, int max, UnitOfWork work) {
        return claim(worker, max, job -> true, work);
    }

    /**
     * As {@link #claim(WorkerProfile, int, UnitOfWork)}, but stops at the first job {@code accept} leaves for
     * another worker (placement); that job keeps its place at the head of its lane.
     */
    public List<JobEntry> claim(WorkerProfile worker, int max, java.util.function.Predicate<JobEntry> accept,
                                UnitOfWork work) {
        promoteDue(work);
        // a worker asks for up to its free slots (tens at a time): sized once rather than grown from 10
        List<JobEntry> claimed = new ArrayList<>(Math.clamp(max, 0, 1024));
        if (dispatchPaused) {
            return claimed;
        }
        Instant now = clock.now();
        while (claimed.size() < max) {
            JobEntry job = ready.poll(worker, type -> !pausedTypes.contains(type) && rateLimits.hasToken(type), now);
            if (job == null) {
                break;
            }
            if (!accept.test(job)) {
                ready.addFirst(job, now);
                break;
            }
            rateLimits.take(job.spec.type());
            job.attempt++;
            job.workerId = worker.workerId();
            job.leaseExpiresAt = now.plus(leaseTtl.apply(worker.workerId()));
            job.deadline = now.plusSeconds(job.spec.timeoutSeconds());
            setStatus(job, JobStatus.LEASED, work);
            claimed.add(job);
        }
        return claimed;
    }

    /** True when the lease is the job's current one and held by this worker. */
    public boolean isCurrent(String workerId, LeaseRef lease) {
        JobEntry job = live.get(lease.jobId());
        return job != null && job.status.isLeased() && job.attempt == lease.attempt()
                && workerId.equals(job.workerId);
    }

    /** Extends a current lease. Renewals stay in memory: after a restart every lease is void anyway. */
    public boolean renew(String workerId, LeaseRef lease) {
        if (!isCurrent(workerId, lease)) {
            return false;
        }
        live.get(lease.jobId()).leaseExpiresAt = clock.now().plus(leaseTtl.apply(workerId));
        return true;
    }

    /**
     * Sets how long a lease granted to (or renewed by) a worker lasts, by worker id: longer for an edge worker. The
     * queue's lease TTL by default. Called once, before any job is claimed.
     */
    public void leaseTtlBy(java.util.function.Function<String, java.time.Duration> ttl) {
        this.leaseTtl = ttl;
    }

    /** How many jobs are leased to {@code workerId} now. */
    public int leasedTo(String workerId) {
        int n = 0;
        for (JobEntry j : leased) {
            if (workerId.equals(j.workerId)) {
                n++;
            }
        }
        return n;
    }

    /** Applies a worker's report if its lease is current; returns false (refused, changes nothing) if not. */
    public boolean report(String workerId, JobReport report, UnitOfWork work) {
        if (!isCurrent(workerId, report.lease())) {
            return false;
        }
        JobEntry job = live.get(report.lease().jobId());
        switch (report) {
            case JobReport.Started s -> {
                if (job.status == JobStatus.LEASED) {
                    setStatus(job, JobStatus.RUNNING, work);
                }
            }
            case JobReport.Succeeded s -> {
                job.result = s.output();
                // job.error keeps the failed attempts' errors: a success does not hide why it took retries
                finish(job, JobStatus.SUCCEEDED, work);
            }
            case JobReport.Failed f -> failAttempt(job, f.failure(), work);
            case JobReport.Progress p -> {
                if (p.message() != null && !p.message().equals(job.progress)) {
                    work.emit(JobEvents.progress(job, p.message(), clock.now()));
                }
                if (!p.log().isEmpty()) {
                    work.emit(JobEvents.log(job, p.log(), clock.now()));
                }
                job.progress = p.message();
                if (job.log == null && !p.log().isEmpty()) {
                    job.log = new java.util.ArrayDeque<>();
                }
                for (String line : p.log()) {
                    if (job.log.size() == MAX_LOG_LINES) {
                        job.log.pollFirst();
                    }
                    job.log.addLast(line);
                }
            }
        }
        return true;
    }

    // ---- failure handling ------------------------------------------------------------------------------

    private void failAttempt(JobEntry job, FailureInfo failure, UnitOfWork work) {
        job.failures++;
        job.error = AttemptErrors.add(job.error, job.attempt, failure);
        clearLease(job);
        int retriesLeft = job.spec.retry().maxRetries() - (job.failures - 1);
        if (failure.nonRetryable() || retriesLeft <= 0) {
            finish(job, JobStatus.FAILED, work);
            return;
        }
        job.notBefore = clock.now().plus(job.spec.retry().backoff(job.failures, random.getAsDouble()));
        log.debug("Job {} attempt {} failed ({}); retry {} at {}", job.id(), job.attempt, job.error, job.failures,
                job.notBefore);
        makeReady(job, work);
    }

    /** Told the id of a worker each time a job is lost with it (for its circuit breaker). */
    public void onLostWithWorker(java.util.function.Consumer<String> listener) {
        this.lostWithWorker = listener;
    }

    /** The worker holding the job vanished: requeue without spending a retry, up to the delivery cap. */
    private void loseLease(JobEntry job, String why, UnitOfWork work) {
        if (job.workerId != null) {
            lostWithWorker.accept(job.workerId);
        }
        job.lostAttempts++;
        clearLease(job);
        if (job.lostAttempts >= settings.maxLostAttempts()) {
            job.error = "dead-lettered: its worker was lost " + job.lostAttempts + " times (last: " + why + ")";
            log.warn("Job {} moved to the dead-letter state: {}", job.id(), job.error);
            finish(job, JobStatus.DEAD, work);
            return;
        }
        job.notBefore = null;
        setStatus(job, JobStatus.WAITING, work);
        ready.addFirst(job, clock.now());
        work.newWorkAvailable();
    }

    /** Requeues everything a worker holds (it deregistered, restarted or went silent). Returns how many. */
    public int releaseWorker(String workerId, String why, UnitOfWork work) {
        List<JobEntry> held = leased.stream().filter(j -> workerId.equals(j.workerId)).toList();
        held.forEach(j -> loseLease(j, why, work));
        return held.size();
    }

    /** A worker stopping cleanly hands back what it holds: requeued like a loss, but nobody's fault. */
    public int handBack(String workerId, UnitOfWork work) {
        int[] n = new int[1];
        withoutBlame(() -> n[0] = releaseWorker(workerId, "worker stopped and handed the job back", work));
        return n[0];
    }

    private void withoutBlame(Runnable action) {
        var listener = lostWithWorker;
        lostWithWorker = id -> { };
        try {
            action.run();
        } finally {
            lostWithWorker = listener;
        }
    }

    /** Requeues jobs whose lease lapsed and times out attempts past their deadline. */
    public void sweep(UnitOfWork work) {
        Instant now = clock.now();
        promoteDue(work);
        List<JobEntry> expired = new ArrayList<>();
        List<JobEntry> overdue = new ArrayList<>();
        for (JobEntry j : leased) {
            if (j.deadline != null && now.isAfter(j.deadline.plus(settings.deadlineGrace()))) {
                overdue.add(j);
            } else if (j.leaseExpiresAt != null && now.isAfter(j.leaseExpiresAt)) {
                expired.add(j);
            }
        }
        for (JobEntry j : overdue) {
            failAttempt(j, new FailureInfo("timeout", "attempt " + j.attempt + " exceeded its timeout of "
                    + j.spec.timeoutSeconds() + " s", false), work);
        }
        for (JobEntry j : expired) {
            log.info("Lease of job {} (attempt {}) on worker {} expired; requeued", j.id(), j.attempt, j.workerId);
            loseLease(j, "lease on worker " + j.workerId + " expired", work);
        }
    }

    private void promoteDue(UnitOfWork work) {
        for (JobEntry j : delayed.takeDue(clock.now())) {
            j.notBefore = null;
            makeReady(j, work);
        }
    }

    /** When the next delayed job falls due (to schedule the next sweep), or null. */
    public Instant nextDelayedDue() {
        return delayed.nextDue();
    }

    // ---- user operations -------------------------------------------------------------------------------

    /** Cancels a live job. Its lease, if any, is revoked: a late result is refused. */
    public boolean cancel(String jobId, String reason, boolean notify, UnitOfWork work) {
        JobEntry job = live.get(jobId);
        if (job == null) {
            return false;
        }
        job.error = reason;
        clearLease(job);
        if (notify) {
            finish(job, JobStatus.CANCELLED, work);
        } else {
            setStatus(job, JobStatus.CANCELLED, work);
            retire(job);
        }
        return true;
    }

    /**
     * Puts a finished (failed, dead or cancelled) job back in the queue with fresh retries. Empty when the job is
     * still live; a succeeded job is refused with {@link IllegalJobTransition} (success is final).
     */
    public Optional<JobEntry> retry(JobRecord record, UnitOfWork work) {
        if (live.containsKey(record.id()) || !record.state().status().isTerminal()) {
            return Optional.empty();
        }
        checkMove(record.id(), record.state().status(), JobStatus.WAITING); // before anything changes
        JobEntry job = JobEntry.fromRecord(record, specs);
        job.failures = 0;
        job.lostAttempts = 0;
        job.error = null;
        job.notBefore = null;
        live.put(job);
        finishedJobs.jobRetried(record.state().status());
        makeReady(job, work);
        return Optional.of(job);
    }

    /** Holds a live job (its execution was paused); a leased one finishes its current attempt first. */
    public void hold(String jobId, UnitOfWork work) {
        JobEntry job = live.get(jobId);
        if (job != null && (job.status == JobStatus.WAITING || job.status == JobStatus.DELAYED)) {
            ready.remove(job);
            setStatus(job, JobStatus.PAUSED, work);
        }
    }

    public void release(String jobId, UnitOfWork work) {
        JobEntry job = live.get(jobId);
        if (job != null && job.status == JobStatus.PAUSED) {
            makeReady(job, work);
        }
    }

    public void pauseDispatch(String type) {
        if (type == null) {
            dispatchPaused = true;
        } else {
            pausedTypes.add(type);
        }
    }

    public void resumeDispatch(String type, UnitOfWork work) {
        if (type == null) {
            dispatchPaused = false;
        } else {
            pausedTypes.remove(type);
        }
        work.newWorkAvailable();
    }

    /** Cancels every waiting and delayed job (BullMQ's drain); leased jobs run to the end. Returns how many. */
    public int drain(UnitOfWork work) {
        List<JobEntry> pending = live.values().stream()
                .filter(j -> j.status == JobStatus.WAITING || j.status == JobStatus.DELAYED).toList();
        pending.forEach(j -> cancel(j.id(), "drained from the queue", true, work));
        return pending.size();
    }

    // ---- queries ---------------------------------------------------------------------------------------

    public Optional<JobEntry> live(String jobId) {
        return Optional.ofNullable(live.get(jobId));
    }

    public Collection<JobEntry> liveJobs() {
        return live.values();
    }

    /** How many state changes {@link JobTransitions} refused since this queue was created (each one a bug). */
    public long refusedTransitions() {
        return refusedTransitions;
    }

    public boolean isDispatchPaused() {
        return dispatchPaused;
    }

    /** Counts by state: live ones as the queue keeps them, finished ones as {@link FinishedJobs} keeps them. */
    public QueueStats stats() {
        Map<JobStatus, Long> n = new java.util.EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            n.put(s, s.isTerminal() ? finishedJobs.count(s) : liveByStatus[s.ordinal()]);
        }
        Map<Integer, Long> byPriority = new java.util.TreeMap<>();
        long pausedReady = 0;
        for (int p = 1; p <= 10; p++) {
            if (waitingByPriority[p] > 0) {
                byPriority.put(p, waitingByPriority[p]);
            }
        }
        if (dispatchPaused) {
            pausedReady = n.get(JobStatus.WAITING);
        } else if (!pausedTypes.isEmpty()) {
            pausedReady = live.values().stream()
                    .filter(j -> j.status == JobStatus.WAITING && pausedTypes.contains(j.spec.type())).count();
        }
        return new QueueStats(n.get(JobStatus.WAITING), n.get(JobStatus.DELAYED), n.get(JobStatus.LEASED),
                n.get(JobStatus.RUNNING), n.get(JobStatus.SUCCEEDED), n.get(JobStatus.FAILED),
                n.get(JobStatus.CANCELLED), n.get(JobStatus.DEAD), n.get(JobStatus.PAUSED) + pausedReady, byPriority,
                dispatchPaused, finishedJobs.counting());
    }

    /**
     * Ready jobs that none of these (healthy) workers satisfies, with the reason: "no worker has stage type X"
     * when none has a handler for the type, else what the closest worker lacks.
     */
    public List<Unschedulable> unschedulable(Collection<WorkerProfile> healthyWorkers) {
        List<Unschedulable> out = new ArrayList<>();
        for (ReadyQueue.ReadyGroup g : ready.readyGroups((type, requires) ->
                healthyWorkers.stream().anyMatch(w -> w.satisfies(type, requires)))) {
            out.add(new Unschedulable(g.type(), g.requires(), g.jobs(), whyUnschedulable(g, healthyWorkers)));
        }
        return out;
    }

    private static String whyUnschedulable(ReadyQueue.ReadyGroup g, Collection<WorkerProfile> healthyWorkers) {
        if (healthyWorkers.isEmpty()) {
            return "no healthy worker is registered";
        }
        boolean federated = g.requires().capabilities().contains(io.meridian.engine.federation.FederatedJobs.CAPABILITY);
        List<WorkerProfile> withType = healthyWorkers.stream().filter(w -> federated || w.hasType(g.type())).toList();
        if (withType.isEmpty()) {
            return "no worker has stage type " + g.type();
        }
        return "no registered worker offers " + withType.stream().map(w -> w.shortfall(g.requires()))
                .min(java.util.Comparator.comparingInt(String::length)).orElse("");
    }

    // ---- transitions -----------------------------------------------------------------------------------

    private void makeReady(JobEntry job, UnitOfWork work) {
        if (job.notBefore != null && job.notBefore.isAfter(clock.now())) {
            setStatus(job, JobStatus.DELAYED, work);
            delayed.add(job);
        } else {
            setStatus(job, JobStatus.WAITING, work);
            ready.add(job, clock.now());
            work.newWorkAvailable();
        }
    }

    private void finish(JobEntry job, JobStatus terminal, UnitOfWork work) {
        clearLease(job);
        setStatus(job, terminal, work);
        retire(job);
        listener.jobFinished(job, work);
    }

    /**
     * A job that reached a terminal state leaves memory (the store keeps it). Every way a job ends comes through
     * here exactly once (the live map guards against a second time), so it is where finished jobs are counted.
     */
    private void retire(JobEntry job) {
        ready.remove(job);
        if (live.remove(job.id()) != null) {
            count(job, -1);
            finishedJobs.jobFinished(job.status);
        }
    }

    /** Adjusts the live counters for a job entering (+1) or leaving (-1) its current state. */
    private void count(JobEntry job, int delta) {
        if (job.status == null || job.status.isTerminal() || !live.containsKey(job.id())) {
            return;
        }
        liveByStatus[job.status.ordinal()] += delta;
        if (job.status == JobStatus.WAITING) {
            waitingByPriority[job.spec.priority()] += delta;
        }
    }

    private static void clearLease(JobEntry job) {
        job.leaseExpiresAt = null;
        job.deadline = null;
    }

    private void checkMove(String jobId, JobStatus from, JobStatus to) {
        try {
            JobTransitions.check(jobId, from, to);
        } catch (IllegalJobTransition refused) {
            refusedTransitions++;
            log.error("Refused an illegal state change: {}", refused.getMessage());
            throw refused;
        }
    }

    /**
     * The only place a live job's state changes. The move is checked against {@link JobTransitions} before anything
     * is touched: an illegal one (a bug somewhere upstream) is logged, counted and refused, and the operation that
     * asked for it fails with nothing of it written.
     */
    private void setStatus(JobEntry job, JobStatus status, UnitOfWork work) {
        checkMove(job.id(), job.status, status);
        JobStatus from = job.status;
        count(job, -1);
        job.status = status;
        count(job, +1);
        if (status.isLeased()) {
            leased.add(job);
        } else {
            leased.remove(job);
        }
        Instant now = clock.now();
        job.updatedNanos = JobEntry.nanos(now);
        work.changed("j" + job.id(), () -> new StoreWrite.PutJob(job.toRecord()));
        if (from != status && work.keepsEvents()) {
            // a job reloaded after a takeover keeps its state: it was announced when it reached it
            work.emit(JobEvents.of(job, io.meridian.engine.events.StateEvents.ofJob(status), now));
        }
    }
}
