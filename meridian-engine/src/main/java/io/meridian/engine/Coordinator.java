package io.meridian.engine;

import io.meridian.engine.checkpoints.CheckpointService;
import io.meridian.engine.durability.Fitness;
import io.meridian.engine.durability.GroupCommitter;
import io.meridian.engine.durability.StateGuard;
import io.meridian.engine.lease.LeaseService;
import io.meridian.engine.locks.LockService;
import io.meridian.engine.orchestrator.Orchestrator;
import io.meridian.engine.orchestrator.RequestIds;
import io.meridian.engine.queue.FinishedJobs;
import io.meridian.engine.queue.JobEntry;
import io.meridian.engine.queue.JobIds;
import io.meridian.engine.queue.JobQueue;
import io.meridian.engine.queue.QueueStats;
import io.meridian.engine.registry.WorkerEvents;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.model.event.EventType;
import io.meridian.engine.state.InProcessTaskState;
import io.meridian.engine.tasks.PeriodicDuties;
import io.meridian.engine.tasks.PurgeOldExecutionsTask;
import io.meridian.engine.time.EngineClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.text.FieldRules;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.Store;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The coordinator: one façade over the queue, the orchestrator, the worker registry and the lease service,
 * all sharing one state lock and one group committer. Plain Java with an injected clock; the server and the
 * CLI are adapters around it.
 */
public final class Coordinator implements AutoCloseable, io.meridian.engine.federation.LocalExecutions {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Coordinator.class);
    /** Unfinished executions read per query when a coordinator recovers them. */
    private static final int RECOVERY_PAGE = 100;
    private final Store store;
    private final EngineClock clock;
    private final EngineSettings settings;
    private final Fitness fitness = new Fitness();
    private final GroupCommitter committer;
    private final StateGuard guard;
    private final JobQueue queue;
    private final Orchestrator orchestrator;
    private final FinishedJobs finishedJobs;
    private final WorkerRegistry registry;
    private final LeaseService leases;
    private final LockService locks;
    private final CheckpointService checkpoints;
    private final TaskStateProtocol taskState;
    private final PurgeOldExecutionsTask retention;
    /** Request ids of starts written but not yet committed; under the state lock. */
    private final RequestIds requestIds = new RequestIds();
    private final io.meridian.engine.schedules.ScheduleService schedules;
    private PeriodicDuties duties;
    /** The reload of the queued jobs after a takeover; one with nothing to load until {@link #recoverAll} runs. */
    private volatile QueueLoader queueLoader;

    private Coordinator(Store store, EngineSettings settings, EngineClock clock) {
        // From zero: a new leader adds the store's counts when its queue reload ends (recoverAll, QueueLoader)
        this.finishedJobs = new FinishedJobs();
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.committer = new GroupCommitter(store, fitness, settings.events().enabled());
        this.guard = new StateGuard(committer, fitness);
        this.orchestrator = new Orchestrator(clock, settings.executionLimits());
        this.queue = new JobQueue(clock, settings.queue(), orchestrator, finishedJobs);
        this.orchestrator.attach(queue);
        this.queueLoader = QueueLoader.done(store, guard, queue, fitness, finishedJobs);
        this.registry = new WorkerRegistry(clock, settings.heartbeatTimeout(), settings.workers());
        this.leases = new LeaseService(guard, queue, registry, settings.leases(), clock,
                new io.meridian.engine.queue.GrantPayloads(store::payloads));
        this.locks = new LockService(store.locks(), new CommittedLockChanges(committer), clock::now);
        this.checkpoints = new CheckpointService(store, guard, clock, this::execution);
        this.taskState = new InProcessTaskState(locks, checkpoints, this::stageOutput);
        this.retention = new PurgeOldExecutionsTask(store, finishedJobs, clock, settings.retention(),
                settings.cleanupInterval(), settings.events().enabled() ? settings.events().retention() : null);
        this.schedules = new io.meridian.engine.schedules.ScheduleService(store.schedules(),
                new CoordinatorSchedules(store, guard, orchestrator, requestIds, clock, this), clock);
    }

    /** The schedules this coordinator fires while it leads (create, list, pause, resume, delete). */
    public io.meridian.engine.schedules.ScheduleService schedules() {
        return schedules;
    }

    /** A coordinator whose periodic duties run on their own thread every {@code tick}. */
    public static Coordinator start(Store store, EngineSettings settings, EngineClock clock, Duration tick) {
        Coordinator c = new Coordinator(store, settings, clock);
        c.duties = new PeriodicDuties(c::tick, tick, c.fitness);
        return c;
    }

    /** A coordinator that does nothing by itself: tests call {@link #tick()} after moving the clock. */
    public static Coordinator manual(Store store, EngineSettings settings, EngineClock clock) {
        return new Coordinator(store, settings, clock);
    }

    /** An admin takes a worker offline without its session secret; its jobs are requeued. False if not registered. */
    public boolean removeWorker(String workerId) {
        return leases.remove(workerId);
    }

    /**
     * Drains a worker for a scale-down: no new job from now on, the ones it holds run to the end. Returns how many
     * it still holds (0: idle, safe to stop), or -1 when it is not registered.
     */
    public int drainWorker(String workerId) {
        return leases.drain(workerId);
    }

    /** Gives a draining worker jobs again (demand came back before it was stopped); false if not registered. */
    public boolean undrainWorker(String workerId) {
        return leases.undrain(workerId);
    }

    /**
     * A remote worker's connections closed without a goodbye (the server saw them close): it is SUSPECT, gets no
     * new jobs, and unless seen again it is released by {@link #releaseSuspectWorker} after a short grace. Returns
     * when the suspicion began; empty unless (id, incarnation, secret) is the worker's current registration.
     */
    public java.util.Optional<java.time.Instant> suspectWorker(String workerId, String incarnation, String secret) {
        return leases.suspect(workerId, incarnation, secret);
    }

    /** Requeues a suspect's jobs unless it was seen since {@code since}; the count, or -1 when it came back. */
    public int releaseSuspectWorker(String workerId, String incarnation, String secret, java.time.Instant since) {
        return leases.releaseSuspect(workerId, incarnation, secret, since);
    }

    public void traceGrantsWith(io.meridian.engine.lease.GrantTraceContext traces) {
        leases.traceGrantsWith(traces);
    }

    public LeaseProtocol leases() {
        return leases;
    }

    /** Locks and checkpoints for in-process workers, as {@link #leases()} is their lease protocol. */
    public TaskStateProtocol taskState() {
        return taskState;
    }

    /** Leased locks on named resources, for the API and for tasks. */
    public LockService locks() {
        return locks;
    }

    /** Checkpoints linked to executions. */
    public CheckpointService checkpoints() {
        return checkpoints;
    }

    /**
     * Hands every event, once committed, to {@code listener}: on the commit thread, in sequence order. It must
     * return at once (see {@link GroupCommitter#onEventsCommitted}).
     */
    public void onEventsCommitted(java.util.function.Consumer<List<io.meridian.store.event.EventRecord>> listener) {
        committer.onEventsCommitted(listener);
    }

    /** The store's event log, for readers of events older than what they were handed live. */
    public io.meridian.store.event.EventLog events() {
        return store.events();
    }

    /** Each event sink's durable cursor and dead letters (written only while this coordinator leads). */
    public io.meridian.store.event.SinkCursors sinkCursors() {
        return store.sinkCursors();
    }

    /** The last event sequence this coordinator committed, or found in the store when it took the lead. */
    public long lastEventSequence() {
        return committer.lastSequence();
    }

    /** Records that node {@code nodeId} leads in term {@code epoch}: the first event of its term. */
    public void announceLeadership(String nodeId, long epoch, String address) {
        java.util.Map<String, Object> data = new java.util.TreeMap<>();
        data.put("node_id", nodeId);
        data.put("epoch", epoch);
        if (address != null) {
            data.put("address", address);
        }
        announce(io.meridian.store.event.EventRecord.unnumbered(EventType.LEADER_ELECTED, clock.now(), null, nodeId,
                data));
    }

    /**
     * Commits an event that has no write of its own in this engine (a region's health, a leader's election):
     * durable when this returns.
     */
    public void announce(io.meridian.store.event.EventRecord event) {
        guard.write(work -> {
            work.emit(event);
            return null;
        });
    }

    /** Runs the periodic duties once (retention only when its interval has passed). */
    public void tick() {
        sweep();
        locks.sweepExpired();
        schedules.fireDue();
        retention.runIfDue();
    }

    /** Retention's count of deleted executions since start. */
    public long executionsDeletedByRetention() {
        return retention.deleted();
    }

    private void sweep() {
        guard.write(work -> {
            queue.sweep(work);
            List<WorkerRegistry.Worker> unhealthy = registry.sweep(w -> work.emit(WorkerEvents.of(
                    EventType.WORKER_OFFLINE, w, "silent for twice the heartbeat timeout", clock.now())));
            for (WorkerRegistry.Worker w : unhealthy) {
                work.emit(WorkerEvents.of(EventType.WORKER_UNHEALTHY, w, "missed its heartbeats", clock.now()));
                int requeued = queue.releaseWorker(w.id(), "worker missed its heartbeats", work);
                log.warn("Worker {} missed its heartbeats ({} ms silent): unhealthy; {} of its jobs requeued", w.id(),
                        java.time.Duration.between(w.lastSeen(), clock.now()).toMillis(), requeued);
            }
            return null;
        });
    }

    // ---- executions ------------------------------------------------------------------------------------

    /**
     * Starts a pipeline; durable when this returns. With a {@code requestId} a retried call returns the
     * execution the first call started instead of starting another. Inputs over engine.max_input_bytes are
     * refused (IllegalArgumentException naming the limit).
     */
    public ExecutionRecord startExecution(Pipeline pipeline, JsonNode inputs, String requestId) {
        settings.executionLimits().checkInputs(inputs);
        String id = JobIds.next("x", clock.now().toEpochMilli());
        if (requestId == null) {
            return guard.write(work -> orchestrator.start(id, pipeline, inputs, null, work));
        }
        FieldRules.REQUEST_ID.require("request_id", requestId);
        Optional<ExecutionRecord> existing = store.executionByRequestId(requestId);
        if (existing.isPresent()) {
            return repeated(requestId, existing.get(), pipeline, inputs);
        }
        try {
            ExecutionRecord[] earlier = new ExecutionRecord[1];
            ExecutionRecord started = guard.write(work -> {
                // Checked again under the lock: a concurrent start with this id may be written but not committed,
                // or committed since the check above. Only a start that goes ahead keeps the claim: a claim left
                // by a start that found the execution would send the next one looking for an execution that was
                // never started, and it would start a second one.
                String starting = requestIds.claim(requestId, id);
                Optional<ExecutionRecord> first = starting == null ? store.executionByRequestId(requestId)
                        : orchestrator.snapshot(starting).or(() -> requestIds.inFlightRecord(requestId));
                if (first.isPresent()) {
                    requestIds.release(requestId, id);
                    earlier[0] = first.get();
                    return null;
                }
                ExecutionRecord record = orchestrator.start(id, pipeline, inputs, requestId, work);
                requestIds.written(requestId, record);
                return record;
            });
            return started != null ? started : repeated(requestId, earlier[0], pipeline, inputs);
        } finally {
            guard.read(() -> {
                requestIds.release(requestId, id);
                return null;
            });
        }
    }

    /** Refuses inputs over engine.max_input_bytes, as a start would. */
    void checkInputs(JsonNode inputs) {
        settings.executionLimits().checkInputs(inputs);
    }

    /** The execution a repeated start returns: the first one, if it was started with the same request. */
    private ExecutionRecord repeated(String requestId, ExecutionRecord first, Pipeline pipeline, JsonNode inputs) {
        RequestIds.requireSame(requestId, first, pipeline, inputs);
        return execution(first.id()).orElse(first);
    }

    /**
     * Continues an interrupted execution from its last durable state (after a crash of {@code meridian run}):
     * jobs that were leased are requeued at once, since their in-process workers died with the process.
     */
    public Optional<ExecutionRecord> recoverExecution(String executionId) {
        return recoverExecution(executionId, false);
    }

    private Optional<ExecutionRecord> recoverExecution(String executionId, boolean keepLeases) {
        return store.execution(executionId).map(record -> recover(record, keepLeases));
    }

    private ExecutionRecord recover(ExecutionRecord record, boolean keepLeases) {
        List<JobRecord> jobs = store.jobsOfExecution(record.id());
        return guard.write(work -> orchestrator.recover(record, jobs, keepLeases, work));
    }

    /**
     * A coordinator server starting up: reloads every unfinished execution and queued job. Leases stay valid for
     * one lease period, so remote workers that outlived the restart re-register and report as if nothing
     * happened; leases nobody renews lapse and their jobs are requeued. Returns how many executions resumed.
     * (Finished jobs stay in the store; their counts by state were read when this coordinator was built.)
     */
    public int recoverAll() {
        int n = recoverAll(() -> false);
        queueLoader.awaitLoaded();
        return n;
    }

    /**
     * As {@link #recoverAll()}, stopping early once {@code abandoned} says so (leadership was lost while this
     * coordinator was being built: it will be discarded, so loading the rest would be wasted), and returning as soon
     * as the coordinator may serve: the queued jobs go on loading on a thread of their own ({@link QueueLoader} says
     * what ordering holds meanwhile; {@link #awaitQueueLoaded} waits for the end).
     *
     * <p>One execution that cannot be reloaded (its reload throws: a corrupt row, a state too large to rebuild)
     * must not keep the cluster from serving every other one, nor poison each next leader in turn: it is marked
     * failed with the cause, and the reload goes on.
     */
    public int recoverAll(java.util.function.BooleanSupplier abandoned) {
        // Queued jobs stream in behind the leader's back, without payloads: ten million take minutes to load, and
        // the leader serves from the first chunk on. The stream's read snapshot is taken first, before anything here
        // changes a job (executions reloaded below may finish or cancel theirs): the count of finished jobs it makes
        // at its end is then exactly what the store held before this leader's changes (FinishedJobs).
        finishedJobs.awaitCount();
        QueueLoader loader = new QueueLoader(store, guard, queue, fitness, finishedJobs);
        queueLoader = loader;
        loader.start(abandoned);
        loader.awaitStarted();
        int n = 0;
        // only unfinished executions, a page at a time: finished ones (and their stages) are never loaded
        Set<ExecutionStatus> unfinishedRuns = java.util.EnumSet.of(ExecutionStatus.RUNNING, ExecutionStatus.PAUSED);
        String after = null;
        do {
            ExecutionPage page = store.executions(new ExecutionQuery(null, null, unfinishedRuns, null, null, after,
                    RECOVERY_PAGE));
            for (ExecutionRecord x : page.items()) {
                if (abandoned.getAsBoolean()) {
                    return n;
                }
                recoverOrFail(x);
                n++;
            }
            after = page.next();
        } while (after != null);
        // Leased and running jobs are few (at most the workers' slots) and their workers report at once: in
        // memory before anything is served.
        Set<JobStatus> leasedOrRunning = java.util.EnumSet.of(JobStatus.LEASED, JobStatus.RUNNING);
        guard.write(work -> {
            store.forEachJobWithoutPayload(leasedOrRunning, j -> {
                if (j.spec().executionId() == null) {
                    queue.restore(j, true, work);
                }
            });
            return null;
        });
        return n;
    }

    /** Waits until every queued job inherited from the store is in memory (at once unless a reload is under way). */
    public void awaitQueueLoaded() {
        queueLoader.awaitLoaded();
    }

    /** Whether the queued jobs inherited from the store are all in memory. */
    public boolean queueLoaded() {
        return queueLoader.isLoaded();
    }

    /** Queued jobs inherited from the store and loaded so far by the last reload. */
    public long queueLoadedCount() {
        return queueLoader.loadedCount();
    }

    private void recoverOrFail(ExecutionRecord x) {
        try {
            recoverExecution(x.id(), true);
        } catch (io.meridian.store.StoreException e) {
            if (e instanceof io.meridian.engine.durability.CommitRefusedException || storeIsDown()) {
                throw e; // the coordinator or its store failed: not this execution's fault
            }
            failUnloadable(x, e);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            failUnloadable(x, e);
        }
    }

    /**
     * Whether the store fails a trivial read too, i.e. a failed load says nothing about the execution. It reads the
     * leadership row, not an execution: the newest execution might be the very one that cannot be loaded.
     */
    private boolean storeIsDown() {
        try {
            store.leadership().leader();
            return false;
        } catch (RuntimeException down) {
            return true;
        }
    }

    private void failUnloadable(ExecutionRecord x, Throwable e) {
        String reason = "could not be reloaded after a leadership change: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        log.error("Execution {} {}; marking it failed so every other execution keeps running", x.id(), reason, e);
        guard.write(work -> orchestrator.failUnloadable(x, "execution " + reason, work));
    }

    public Optional<ExecutionRecord> execution(String id) {
        Optional<ExecutionRecord> live = guard.read(() -> orchestrator.snapshot(id));
        return live.isPresent() ? live : store.execution(id);
    }

    /**
     * The output of a stage that succeeded, which downstream jobs refer to: from memory while the execution runs,
     * else from the store. Empty when the execution or stage is unknown or the stage has not succeeded.
     */
    public Optional<JsonNode> stageOutput(String executionId, String stageId) {
        Optional<JsonNode> live = guard.read(() -> orchestrator.liveStageOutput(executionId, stageId));
        if (live != null) {
            return live;
        }
        return store.execution(executionId).map(x -> x.stages().get(stageId))
                .filter(s -> s.status() == io.meridian.model.execution.StageStatus.SUCCEEDED)
                .map(s -> s.output() == null ? tools.jackson.databind.node.NullNode.getInstance() : s.output());
    }

    public Optional<ExecutionRecord> executionByRequestId(String requestId) {
        return store.executionByRequestId(requestId);
    }

    public List<ExecutionRecord> executions(int limit) {
        return store.executions(limit);
    }

    /**
     * Executions matching the query, newest first, a page at a time. The page comes from the store; executions
     * still running are shown as memory has them, which may be a moment ahead of their last commit.
     */
    public ExecutionPage executions(ExecutionQuery query) {
        ExecutionPage page = store.executions(query);
        List<ExecutionRecord> fresh = guard.read(() -> page.items().stream()
                .map(x -> orchestrator.snapshot(x.id()).orElse(x)).toList());
        return new ExecutionPage(fresh, page.next());
    }

    /** Unfinished executions whose pipeline id starts with {@code prefix} (a region's federated runs, say). */
    public long activeExecutions(String prefix) {
        return guard.read(() -> orchestrator.liveCount(prefix));
    }

    public Optional<ExecutionRecord> cancelExecution(String id) {
        return guard.write(work -> orchestrator.cancel(id, work));
    }

    public Optional<ExecutionRecord> pauseExecution(String id) {
        return guard.write(work -> orchestrator.pause(id, work));
    }

    public Optional<ExecutionRecord> resumeExecution(String id) {
        return guard.write(work -> orchestrator.resume(id, work));
    }

    /** Registers a pipeline version durably (a version already stored is left as it is). */
    public void registerPipeline(Pipeline pipeline) {
        guard.write(work -> {
            work.changed("p" + pipeline.id() + "\u0000" + pipeline.version(),
                    () -> new io.meridian.store.StoreWrite.PutPipeline(pipeline));
            return null;
        });
    }

    /** Every registered pipeline version, from the store. */
    public List<Pipeline> pipelines() {
        return store.pipelines();
    }

    // ---- queue -----------------------------------------------------------------------------------------

    public JobRecord submit(JobSpec spec, Instant notBefore) {
        return guard.write(work -> queue.submit(spec, notBefore, false, work).toRecord());
    }

    /** Submits many jobs in one durable batch. Returns their ids in order. */
    public List<String> submitAll(List<JobSpec> specs) {
        return guard.write(work -> {
            List<String> ids = new ArrayList<>(specs.size());
            specs.forEach(s -> ids.add(queue.submit(s, null, false, work).id()));
            return ids;
        });
    }

    public Optional<JobRecord> job(String id) {
        Optional<JobRecord> live = guard.read(() -> queue.live(id).map(JobEntry::toRecord));
        if (live.isEmpty()) {
            return store.job(id);
        }
        // a live job's payload is in the store, not in memory (queued jobs keep only what scheduling needs)
        return live.get().spec().payload() != null ? live
                : live.map(r -> r.withPayload(store.payloads(List.of(id)).get(id)));
    }

    /** A running job's latest progress message and recent log lines (empty when it is not running). */
    public Optional<java.util.Map.Entry<String, List<String>>> jobProgress(String id) {
        return guard.read(() -> queue.live(id).filter(j -> j.status().isLeased())
                .map(j -> java.util.Map.entry(j.progress() == null ? "" : j.progress(), j.recentLog())));
    }

    public boolean cancelJob(String id) {
        boolean cancelled = guard.write(work -> queue.cancel(id, "cancelled by request", true, work));
        if (cancelled || queueLoader.isLoaded()) {
            return cancelled;
        }
        // not in memory yet, maybe: the queue is still loading after a takeover, and this job may be in the rest
        queueLoader.awaitLoaded();
        return guard.write(work -> queue.cancel(id, "cancelled by request", true, work));
    }

    /**
     * Puts a failed, dead or cancelled job back in the queue. Empty when the job is unknown or still live; a
     * succeeded job is refused with {@link io.meridian.model.execution.IllegalJobTransition}.
     */
    public Optional<JobRecord> retryJob(String id) {
        return finishedJobs.retrying(() -> {
            Optional<JobRecord> finished = store.job(id);
            if (finished.isEmpty()) {
                return Optional.empty();
            }
            return guard.write(work -> queue.retry(finished.get(), work).map(JobEntry::toRecord));
        });
    }

    /** Stops handing out jobs (of one type, or all when {@code type} is null). */
    public void pauseQueue(String type) {
        guard.write(work -> {
            queue.pauseDispatch(type);
            return null;
        });
    }

    public void resumeQueue(String type) {
        guard.write(work -> {
            queue.resumeDispatch(type, work);
            return null;
        });
    }

    public int drainQueue() {
        // every queued job, including those a takeover's reload has not brought into memory yet
        queueLoader.awaitLoaded();
        return guard.write(queue::drain);
    }

    /** Deletes finished jobs in these states last changed before {@code olderThan}; returns how many. */
    public long cleanQueue(Set<JobStatus> states, Duration olderThan) {
        // the finished counts of a new leader are known once its queue reload has ended; a delete must wait for them
        queueLoader.awaitLoaded();
        Set<JobStatus> terminal = states.stream().filter(JobStatus::isTerminal)
                .collect(java.util.stream.Collectors.toSet());
        Instant cutoff = clock.now().minus(olderThan);
        return finishedJobs.deleting(() -> store.deleteJobs(terminal, cutoff), gone -> gone)
                .orElseThrow(() -> new IllegalStateException("cleaning the queue: this coordinator stopped before "
                        + "it had counted the finished jobs of the store (leadership lost during its queue reload)"))
                .values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts by state, all from memory: no store query (see {@link FinishedJobs}). */
    public QueueStats queueStats() {
        return guard.read(queue::stats);
    }

    /** State changes the job transition table refused since this coordinator started leading (each one a bug). */
    public long refusedTransitions() {
        return guard.read(queue::refusedTransitions);
    }

    /** Waiting jobs no registered healthy worker can run (missing capabilities or resources), with reasons. */
    public List<io.meridian.engine.queue.Unschedulable> unschedulable() {
        return guard.read(() -> queue.unschedulable(registry.all().stream()
                .filter(w -> w.status().isHealthy()).map(w -> w.profile).toList()));
    }

    /** Waiting jobs grouped by what they require, with the oldest one's ready time: what pools are sized from. */
    public List<io.meridian.engine.queue.WaitingDemand> waitingDemand() {
        return guard.read(() -> io.meridian.engine.queue.WaitingDemand.of(queue.liveJobs()));
    }

    public List<JobRecord> jobs(Set<JobStatus> states, int limit) {
        return store.jobsByStatus(states, limit);
    }

    public List<WorkerRegistry.Worker> workers() {
        return guard.read(() -> List.copyOf(registry.all()));
    }

    /** closed, open or half_open: whether a worker is given jobs after losing some (its circuit breaker). */
    public String breakerState(String workerId) {
        return guard.read(() -> registry.breaker(workerId).state().name().toLowerCase());
    }

    public GroupCommitter committer() {
        return committer;
    }

    /** Where fatal errors of this coordinator's components are recorded (and heard of). */
    public Fitness fitness() {
        return fitness;
    }

    /**
     * Why this coordinator cannot lead, if it cannot: a fatal error in a component it needs, or a group commit
     * whose oldest write has waited longer than the stall limit. Liveness is "can commit", not "threads exist".
     */
    public Optional<Fitness.Verdict> unfit() {
        Optional<Fitness.Fault> fault = fitness.fault();
        if (fault.isPresent()) {
            return Optional.of(fault.get().verdict());
        }
        return committer.stall().map(why -> new Fitness.Verdict("commit_stalled", why));
    }

    public EngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        queueLoader.close();
        if (duties != null) {
            duties.close();
        }
        committer.close();
    }
}
