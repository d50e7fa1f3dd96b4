package io.meridian.worker.runtime;

import io.meridian.client.ApiException;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.ResultCheck;
import io.meridian.protocol.lease.WorkerIdInUse;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import io.meridian.worker.sdk.HandlerRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs for one worker identity. Talks only to a {@link LeaseProtocol}: in-process that is the engine's
 * lease service, remotely an HTTP client; the rules are the same. Two loops share it: the poller takes jobs
 * whenever slots are free (long-polling when idle), and the reporter sends results as they finish together
 * with lease renewals at least every heartbeat. Handlers run on virtual threads.
 */
public final class WorkerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

    private final LeaseProtocol protocol;
    private final TaskStateProtocol taskState;
    private final HandlerRegistry handlers;
    private final WorkerOptions options;
    private final TaskResources resources;
    private final UpstreamOutputs upstream;
    private final Semaphore slots;
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<JobReport> reports = new LinkedBlockingQueue<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private static final String VERSION = "0.1.0";
    private static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(10);
    /** How long a starting worker waits for a predecessor's registration under its id to lapse. */
    private static final Duration REGISTER_PATIENCE = Duration.ofSeconds(60);
    private WorkerRegistration registration;
    private volatile WorkerSession session;
    private volatile boolean taking = true;
    private volatile boolean stopped;
    private volatile HandlerTracing tracing = HandlerTracing.NONE;
    /** What job deadlines are measured on: they are set on the coordinator's clock. */
    private volatile java.time.InstantSource deadlineClock = java.time.InstantSource.system();
    /** When the coordinator last answered an exchange (System.nanoTime), even to refuse it: health checks read it. */
    private volatile long lastAnswer = System.nanoTime();
    private Thread poller;
    private Thread reporter;

    /** A runtime whose handlers cannot use locks or checkpoints (those calls throw IllegalStateException). */
    public WorkerRuntime(LeaseProtocol protocol, HandlerRegistry handlers, WorkerOptions options,
                         TaskResources resources) {
        this(protocol, NoTaskState.INSTANCE, handlers, options, resources);
    }

    /**
     * A runtime whose handlers reach locks, checkpoints and upstream outputs through {@code taskState}: the
     * engine's in-process,
     * the coordinator's HTTP API for a remote worker, exactly as with {@code protocol}.
     */
    public WorkerRuntime(LeaseProtocol protocol, TaskStateProtocol taskState, HandlerRegistry handlers,
                         WorkerOptions options, TaskResources resources) {
        this.protocol = protocol;
        this.taskState = taskState;
        this.handlers = handlers;
        this.options = options;
        this.resources = resources;
        this.upstream = new UpstreamOutputs(taskState, UpstreamOutputs.DEFAULT_MAX_BYTES);
        this.slots = new Semaphore(options.concurrency());
    }

    /** Wraps each handler call in a span (set before {@link #start}); {@link HandlerTracing#NONE} by default. */
    public WorkerRuntime traceHandlersWith(HandlerTracing tracing) {
        this.tracing = tracing == null ? HandlerTracing.NONE : tracing;
        return this;
    }

    /**
     * Measures job deadlines on {@code clock} instead of system time (set before {@link #start}). Deadlines are set
     * on the coordinator's clock, so a worker in the same process as a coordinator on a manual clock must use that
     * clock: on system time every deadline set in the manual clock's past would have passed at once, and jobs would
     * time out at random, racing their handlers.
     */
    public WorkerRuntime measureDeadlinesWith(java.time.InstantSource clock) {
        this.deadlineClock = java.util.Objects.requireNonNull(clock, "clock");
        return this;
    }

    public WorkerRuntime start() {
        registration = new WorkerRegistration(options.workerId(), java.util.UUID.randomUUID().toString(), hostName(),
                ProcessHandle.current().pid(), options.capabilities(), options.cores(), options.memoryMb(),
                options.gpus(), options.concurrency(), options.region(), options.costPerHour(), options.labels(),
                VERSION, List.copyOf(handlers.types()), options.nodeType());
        session = registerPatiently();
        poller = Thread.ofVirtual().name("worker-" + options.workerId() + "-poll").start(this::pollLoop);
        reporter = Thread.ofVirtual().name("worker-" + options.workerId() + "-report").start(this::reportLoop);
        log.debug("Worker {} started with {} slots", options.workerId(), options.concurrency());
        return this;
    }

    // ---- taking jobs -----------------------------------------------------------------------------------

    private void pollLoop() {
        while (taking) {
            try {
                slots.acquire();
                int want = 1 + slots.drainPermits();
                List<LeaseGrant> grants = List.of();
                try {
                    if (taking) {
                        grants = exchange(List.of(), List.of(), want, session.heartbeatMillis()).grants();
                    }
                } finally {
                    slots.release(want - grants.size());
                }
                grants.forEach(this::launch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!taking) {
                    return; // stopping: the interrupted call is expected
                }
                log.warn("Worker {} could not take jobs: {}; retrying", options.workerId(), e.toString());
                pause(Duration.ofMillis(500));
            }
        }
    }

    private void launch(LeaseGrant grant) {
        RunningJob job = new RunningJob(grant, new JobContext(grant, resources, taskState, upstream,
                options.workerId(), deadlineClock));
        running.put(grant.lease().jobId(), job);
        Thread.ofVirtual().name("job-" + grant.lease().jobId()).start(() -> run(job));
    }

    private void run(RunningJob job) {
        job.thread = Thread.currentThread();
        LeaseRef lease = job.grant.lease();
        JobReport outcome;
        try {
            outcome = TracedCall.run(tracing, job, options.workerId(),
                    () -> HandlerCall.attempt(handlers, job, options.workerId(), maxResultBytes(), reports::add));
        } catch (OutOfMemoryError oom) {
            // the process may not survive this; still tell the coordinator, then let it propagate
            settle(job, new JobReport.Failed(lease, new FailureInfo("out_of_memory", oom.toString(), false)));
            throw oom;
        }
        if (outcome instanceof JobReport.Failed f) {
            outcome = new JobReport.Failed(lease, ReportBudget.bounded(f.failure()));
        }
        settle(job, outcome);
    }

    /** The coordinator's per-result limit, or the default when it did not say. */
    private long maxResultBytes() {
        long told = session.maxResultBytes();
        return told > 0 ? told : ResultCheck.DEFAULT_MAX_RESULT_BYTES;
    }

    private void settle(RunningJob job, JobReport outcome) {
        if (!job.settle()) {
            return;
        }
        running.remove(job.grant.lease().jobId());
        (outcome instanceof JobReport.Succeeded ? succeeded : failed).incrementAndGet();
        reports.add(outcome);
        slots.release();
    }

    // ---- reporting -------------------------------------------------------------------------------------

    private void reportLoop() {
        long heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(session.heartbeatMillis());
        long lastExchange = System.nanoTime();
        while (!stopped || !reports.isEmpty()) {
            try {
                JobReport first = reports.poll(Math.min(100, session.heartbeatMillis()), TimeUnit.MILLISECONDS);
                enforceDeadlines();
                boolean heartbeatDue = System.nanoTime() - lastExchange >= heartbeatNanos;
                if (first == null && !heartbeatDue) {
                    continue;
                }
                List<JobReport> batch = new ArrayList<>();
                if (first != null) {
                    batch.add(first);
                }
                reports.drainTo(batch);
                if (heartbeatDue) {
                    // Progress and log lines ride along once per heartbeat, not once per line.
                    for (RunningJob job : running.values()) {
                        JobReport.Progress p = job.context.newProgress();
                        if (p != null) {
                            batch.add(p);
                        }
                    }
                }
                sendReports(withoutRedundantStarts(batch));
                lastExchange = System.nanoTime();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A start reported together with the job's outcome says nothing more: drop it (half the writes for short jobs). */
    private static List<JobReport> withoutRedundantStarts(List<JobReport> batch) {
        java.util.Set<LeaseRef> finished = new java.util.HashSet<>();
        for (JobReport r : batch) {
            if (r instanceof JobReport.Succeeded || r instanceof JobReport.Failed) {
                finished.add(r.lease());
            }
        }
        if (finished.isEmpty()) {
            return batch;
        }
        return batch.stream().filter(r -> !(r instanceof JobReport.Started) || !finished.contains(r.lease())).toList();
    }

    private void sendReports(List<JobReport> batch) {
        List<LeaseRef> held = running.values().stream().map(j -> j.grant.lease()).toList();
        for (List<JobReport> chunk : new ReportBudget(session.maxRequestBytes()).chunks(batch, held.size())) {
            deliver(chunk, held);
        }
    }

    /**
     * Sends reports; when the coordinator refuses the request for what it carries (too large, invalid), finds
     * the report it refuses by halving the batch, fails that job with the reason and delivers the rest.
     */
    private void deliver(List<JobReport> reports, List<LeaseRef> held) {
        try {
            sendUntilAnswered(reports, held);
        } catch (ApiException refused) {
            if (reports.size() > 1) {
                int half = reports.size() / 2;
                deliver(reports.subList(0, half), held);
                deliver(reports.subList(half, reports.size()), held);
                return;
            }
            deliverInstead(reports.getFirst(), refused, held);
        }
    }

    private void deliverInstead(JobReport report, ApiException refused, List<LeaseRef> held) {
        String reason = "the coordinator refused the report of job " + report.lease().jobId() + " attempt "
                + report.lease().attempt() + " (HTTP " + refused.status() + " " + refused.code() + ": "
                + ReportBudget.cut(refused.getMessage(), 500) + ")";
        if (!(report instanceof JobReport.Succeeded || report instanceof JobReport.Failed)) {
            log.warn("Worker {}: {}; dropped it and carries on", options.workerId(), reason);
            return;
        }
        log.warn("Worker {}: {}; the job fails with that reason instead and the worker carries on",
                options.workerId(), reason);
        JobReport failed = new JobReport.Failed(report.lease(), new FailureInfo("report_refused", reason, true));
        try {
            sendUntilAnswered(List.of(failed), held);
        } catch (ApiException again) {
            log.error("Worker {}: the coordinator refused the failure report of job {} too ({}); dropped it. The job "
                    + "is recovered when its lease lapses", options.workerId(), report.lease().jobId(),
                    again.getMessage());
        }
    }

    /**
     * One exchange, repeated while the coordinator cannot be reached: repeating is safe, as the coordinator
     * refuses duplicates of a settled lease. Throws {@link ApiException} when it answers that it will not take
     * this request (413 or 400), which repeating cannot change.
     */
    private void sendUntilAnswered(List<JobReport> batch, List<LeaseRef> held) {
        while (true) {
            // Results and new work share the round trip: free slots are asked for along with the reports.
            int want = taking ? slots.drainPermits() : 0;
            try {
                ExchangeResponse r;
                try {
                    r = exchange(batch, held, want, 0);
                } catch (RuntimeException e) {
                    slots.release(want);
                    throw e;
                }
                slots.release(want - r.grants().size());
                r.grants().forEach(this::launch);
                refused.addAndGet(r.refused().size());
                r.refused().forEach(l -> log.warn("Coordinator refused the report for job {} attempt {}: "
                        + "its lease is no longer current", l.jobId(), l.attempt()));
                r.revoked().forEach(this::revoke);
                return;
            } catch (RuntimeException e) {
                if (e instanceof ApiException a && refusesContent(a) && !batch.isEmpty()) {
                    throw a;
                }
                if (stopped && reports.isEmpty() && Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.warn("Worker {} could not report to the coordinator: {}; retrying", options.workerId(),
                        e.toString());
                pause(Duration.ofMillis(500));
            }
        }
    }

    /** The coordinator read the request and will never take it as it is: too large, or a field it refuses. */
    private static boolean refusesContent(ApiException e) {
        return e.status() == 413 || e.status() == 400;
    }

    private void revoke(LeaseRef lease) {
        RunningJob job = running.get(lease.jobId());
        if (job != null && job.grant.lease().attempt() == lease.attempt() && job.settle()) {
            log.info("Lease of job {} attempt {} was revoked; stopping its handler", lease.jobId(), lease.attempt());
            running.remove(lease.jobId());
            job.stop();
            slots.release();
        }
    }

    /** Stops handlers past their deadline and reports a timeout (the slot is freed even if the code ignores it). */
    private void enforceDeadlines() {
        Instant now = deadlineClock.instant();
        for (RunningJob job : running.values()) {
            Instant deadline = job.grant.deadline();
            if (deadline != null && now.isAfter(deadline)) {
                job.stop();
                settle(job, new JobReport.Failed(job.grant.lease(), new FailureInfo("timeout",
                        "attempt exceeded its deadline " + deadline, false)));
            }
        }
    }

    private ExchangeResponse exchange(List<JobReport> batch, List<LeaseRef> held, int want, long waitMillis) {
        WorkerSession used = session;
        try {
            ExchangeResponse response = protocol.exchange(request(used, batch, held, want, waitMillis));
            if (response.reregister()) {
                // The coordinator restarted, leadership moved, or it dropped us: same incarnation, so our current
                // leases stay valid. The new registration comes with a new session secret.
                response = protocol.exchange(request(reregister(used), batch, held, want, waitMillis));
            }
            lastAnswer = System.nanoTime();
            return response;
        } catch (ApiException answered) {
            lastAnswer = System.nanoTime(); // it answered, if only to refuse: the coordinator is there
            throw answered;
        }
    }

    private ExchangeRequest request(WorkerSession s, List<JobReport> batch, List<LeaseRef> held, int want,
                                    long waitMillis) {
        return new ExchangeRequest(options.workerId(), s.incarnation(), batch, held, want, waitMillis, running.size(),
                s.sessionSecret());
    }

    /**
     * Registers again once, whichever of the poll and report loops is told to first: the other one finds the
     * session already renewed. The old secret goes along, so a registration the coordinator still holds as live
     * is renewed rather than refused.
     */
    private synchronized WorkerSession reregister(WorkerSession stale) {
        if (session == stale) {
            log.info("Worker {} re-registering with the coordinator", options.workerId());
            session = protocol.register(registration, stale.sessionSecret());
        }
        return session;
    }

    /**
     * The first registration. A predecessor under the same id (this worker restarted quickly) may still be
     * registered as live; the coordinator refuses the id until it finds that one silent (a few heartbeats), so
     * wait for that, up to {@link #REGISTER_PATIENCE}.
     */
    private WorkerSession registerPatiently() {
        long deadline = System.nanoTime() + REGISTER_PATIENCE.toNanos();
        boolean told = false;
        while (true) {
            try {
                return protocol.register(registration);
            } catch (WorkerIdInUse inUse) {
                if (System.nanoTime() > deadline) {
                    throw inUse;
                }
                if (!told) {
                    log.warn("Worker {}: {}; waiting up to {} s", options.workerId(), inUse.getMessage(),
                            REGISTER_PATIENCE.toSeconds());
                    told = true;
                }
                pause(Duration.ofMillis(500));
            }
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    /**
     * Stops taking jobs, lets running ones finish for up to the drain timeout, reports what finished, and
     * deregisters: whatever is still running then is handed back to the coordinator.
     */
    @Override
    public void close() {
        taking = false;
        if (poller != null) {
            poller.interrupt();
        }
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(20));
        }
        for (RunningJob job : running.values()) {
            // Settle first so the interrupted handler's outcome is dropped: deregistering hands the job back
            // to the coordinator, which requeues it without spending a retry.
            if (job.settle()) {
                log.info("Worker {} hands back job {} (still running after the drain timeout)",
                        options.workerId(), job.grant.lease().jobId());
            }
            job.stop();
        }
        running.clear();
        stopped = true;
        try {
            if (reporter != null) {
                reporter.join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deregisterWithin(DEREGISTER_TIMEOUT);
    }

    /**
     * Says goodbye, but does not wait out the transport's retry budget when no coordinator answers: a stopping
     * process should stop. Without the goodbye the coordinator still requeues our jobs after missed heartbeats.
     */
    private void deregisterWithin(Duration limit) {
        Thread goodbye = Thread.ofVirtual().name("worker-" + options.workerId() + "-deregister").start(() -> {
            try {
                protocol.deregister(options.workerId(), session.sessionSecret());
            } catch (RuntimeException e) {
                log.warn("Worker {} could not deregister: {}", options.workerId(), e.toString());
            }
        });
        try {
            if (!goodbye.join(limit)) {
                goodbye.interrupt();
                log.warn("Worker {} stops without deregistering: no coordinator answered within {} s; its jobs are "
                        + "requeued once it misses its heartbeats", options.workerId(), limit.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Upstream outputs read from the coordinator so far (each is cached: once per stage, while it fits). */
    public long upstreamReads() {
        return upstream.reads();
    }

    public long refusedReports() {
        return refused.get();
    }

    /**
     * How long since the coordinator last answered this worker. A connected worker hears from it at least once a
     * heartbeat; the transport retries a lost coordinator for minutes, so this is how a health check sees it now.
     */
    public Duration sinceLastAnswer() {
        return Duration.ofNanos(System.nanoTime() - lastAnswer);
    }

    /** The heartbeat the coordinator asked for when this worker registered. */
    public Duration heartbeat() {
        return Duration.ofMillis(session.heartbeatMillis());
    }

    public int activeJobs() {
        return running.size();
    }

    public String workerId() {
        return options.workerId();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
