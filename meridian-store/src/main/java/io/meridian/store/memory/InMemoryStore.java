package io.meridian.store.memory;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import io.meridian.store.leader.FencedException;
import io.meridian.store.leader.Leadership;
import io.meridian.store.lock.LockStore;
import io.meridian.store.query.Checkpoint;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Store} that keeps everything on the heap, for fast engine tests. Nothing survives the process.
 * One read/write lock: commits are atomic because a batch is fully validated before any of it is applied.
 * Locks and leadership judge expiry by the injected clock; being in one process, they coordinate the threads
 * and coordinator instances of that process only.
 */
public final class InMemoryStore implements Store {

    /** A stored row plus its insertion sequence, which breaks ties between equal creation times. */
    private record Row<T>(T record, long seq) {}

    private static final Comparator<Row<JobRecord>> OLDEST_FIRST =
            Comparator.<Row<JobRecord>, Instant>comparing(r -> r.record().createdAt()).thenComparingLong(Row::seq);

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Execution headers (their stages map left empty); the stages live in {@link #stages}, one entry each. */
    private final Map<String, Row<ExecutionRecord>> executions = new HashMap<>();
    private final Map<String, Map<String, StageRun>> stages = new HashMap<>();
    private final Map<String, String> executionIdByRequestId = new HashMap<>();
    private final Map<String, Row<JobRecord>> jobs = new HashMap<>();
    private final Map<String, io.meridian.model.pipeline.Pipeline> pipelines = new java.util.TreeMap<>();
    private final Map<String, io.meridian.store.schedule.ScheduleRecord> schedules = new java.util.TreeMap<>();
    private final Map<String, Map<String, Row<Checkpoint>>> checkpoints = new HashMap<>();
    private final InMemoryLocks locks;
    private final InMemoryLeadership leadership;
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final InMemoryEvents events = new InMemoryEvents(lock);
    private final InMemorySinkCursors sinkCursors = new InMemorySinkCursors();
    private long nextSeq;
    private volatile Long fencedEpoch;
    private volatile boolean closed;

    public InMemoryStore() {
        this(InstantSource.system());
    }

    /** A store whose locks and leadership judge expiry by {@code clock}, so tests can move time. */
    public InMemoryStore(InstantSource clock) {
        // a lock's events are committed as any batch's: fenced, numbered to continue the log, all or nothing
        this.locks = new InMemoryLocks(clock, events -> commit(List.of(new StoreWrite.AppendEvents(events))));
        this.leadership = new InMemoryLeadership(clock, lock.writeLock());
    }

    @Override
    public List<io.meridian.model.pipeline.Pipeline> pipelines() {
        lock.readLock().lock();
        try {
            return pipelines.values().stream().sorted(Comparator.comparing(io.meridian.model.pipeline.Pipeline::id)
                    .thenComparingInt(io.meridian.model.pipeline.Pipeline::version)).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<io.meridian.store.schedule.ScheduleRecord> schedules() {
        lock.readLock().lock();
        try {
            return List.copyOf(schedules.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(List<StoreWrite> writes) {
        checkOpen();
        lock.writeLock().lock();
        try {
            checkFence();
            BatchValidator.validate(writes, executionIdByRequestId, executions.keySet(), events.lastUnlocked());
            for (StoreWrite write : writes) {
                switch (write) {
                    case StoreWrite.PutExecution(ExecutionRecord e) -> putExecution(e);
                    case StoreWrite.PutExecutionStatus s -> putStatus(s);
                    case StoreWrite.PutStage(String executionId, StageRun run) ->
                            stages.get(executionId).put(run.stageId(), run);
                    case StoreWrite.PutJob(JobRecord j) -> putJob(j);
                    case StoreWrite.PutPipeline(var p) -> pipelines.putIfAbsent(p.id() + "\u0000" + p.version(), p);
                    case StoreWrite.PutCheckpoint(Checkpoint c) -> putCheckpoint(c);
                    case StoreWrite.AppendEvents(var appended) -> events.append(appended);
                    case StoreWrite.PutSchedule(var schedule) -> schedules.put(schedule.id(), schedule);
                    case StoreWrite.DeleteSchedule(var id) -> schedules.remove(id);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void putExecution(ExecutionRecord e) {
        Row<ExecutionRecord> old = executions.get(e.id());
        if (old != null && old.record().requestId() != null) {
            executionIdByRequestId.remove(old.record().requestId());
        }
        executions.put(e.id(), new Row<>(header(e, e.status(), e.error(), e.updatedAt()),
                old == null ? nextSeq++ : old.seq()));
        stages.put(e.id(), new HashMap<>(e.stages()));
        if (e.requestId() != null) {
            executionIdByRequestId.put(e.requestId(), e.id());
        }
    }

    private void putStatus(StoreWrite.PutExecutionStatus s) {
        Row<ExecutionRecord> old = executions.get(s.executionId());
        executions.put(s.executionId(), new Row<>(header(old.record(), s.status(), s.error(), s.updatedAt()),
                old.seq()));
    }

    private static ExecutionRecord header(ExecutionRecord e, ExecutionStatus status, String error, Instant updated) {
        return new ExecutionRecord(e.id(), e.pipeline(), e.inputs(), status, Map.of(), error, e.requestId(),
                e.createdAt(), updated);
    }

    /** The header with its stages, as callers see an execution. The read or write lock is held. */
    private ExecutionRecord assembled(ExecutionRecord header) {
        return new ExecutionRecord(header.id(), header.pipeline(), header.inputs(), header.status(),
                stages.getOrDefault(header.id(), Map.of()), header.error(), header.requestId(), header.createdAt(),
                header.updatedAt());
    }

    private void checkFence() {
        Long epoch = fencedEpoch;
        if (epoch != null && !leadership.isCurrent(epoch)) {
            throw new FencedException("epoch " + epoch + " is no longer the current leadership term; nothing written");
        }
    }

    private void putCheckpoint(Checkpoint c) {
        Map<String, Row<Checkpoint>> ofExecution = checkpoints.computeIfAbsent(c.executionId(), k -> new HashMap<>());
        Row<Checkpoint> old = ofExecution.get(c.checkpointId());
        ofExecution.put(c.checkpointId(), new Row<>(c, old == null ? nextSeq++ : old.seq()));
    }

    private void putJob(JobRecord j) {
        Row<JobRecord> old = jobs.get(j.id());
        // a job's spec and creation time never change: only its state is replaced
        Row<JobRecord> row = old == null ? new Row<>(j, nextSeq++) : new Row<>(old.record().with(j.state()), old.seq());
        jobs.put(j.id(), row);
    }

    @Override
    public Optional<ExecutionRecord> execution(String id) {
        return read(() -> Optional.ofNullable(executions.get(id)).map(Row::record).map(this::assembled));
    }

    @Override
    public List<ExecutionRecord> executions(int limit) {
        Comparator<Row<ExecutionRecord>> newestFirst = Comparator
                .<Row<ExecutionRecord>, Instant>comparing(r -> r.record().createdAt()).thenComparingLong(Row::seq)
                .reversed();
        return read(() -> executions.values().stream().sorted(newestFirst).limit(limit).map(Row::record)
                .map(this::assembled).toList());
    }

    @Override
    public Optional<ExecutionRecord> executionByRequestId(String requestId) {
        return read(() -> Optional.ofNullable(executionIdByRequestId.get(requestId))
                .map(executions::get).map(Row::record).map(this::assembled));
    }

    @Override
    public Optional<JobRecord> job(String id) {
        return read(() -> Optional.ofNullable(jobs.get(id)).map(Row::record));
    }

    @Override
    public Map<JobStatus, Long> forEachJobWithoutPayload(Set<JobStatus> statuses,
                                                         java.util.function.Consumer<JobRecord> each,
                                                         Set<JobStatus> thenCount) {
        // the rows to stream and the counts, both under one read lock: one snapshot
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        List<JobRecord> found = read(() -> {
            jobs.values().stream().map(r -> r.record().state().status()).filter(thenCount::contains)
                    .forEach(s -> counts.merge(s, 1L, Long::sum));
            return jobs.values().stream()
                    .filter(r -> statuses.contains(r.record().state().status()))
                    .sorted(Comparator.comparing((Row<JobRecord> r) -> r.record().state().status())
                            .thenComparing(OLDEST_FIRST))
                    .map(r -> r.record().withPayload(null)).toList();
        });
        found.forEach(each);
        return counts;
    }

    @Override
    public Map<String, tools.jackson.databind.JsonNode> payloads(java.util.Collection<String> jobIds) {
        return read(() -> {
            Map<String, tools.jackson.databind.JsonNode> found = new java.util.HashMap<>();
            for (String id : jobIds) {
                Row<JobRecord> row = jobs.get(id);
                if (row != null && row.record().spec().payload() != null) {
                    found.put(id, row.record().spec().payload());
                }
            }
            return found;
        });
    }

    @Override
    public List<JobRecord> jobsOfExecution(String executionId) {
        return read(() -> jobs.values().stream()
                .filter(r -> executionId.equals(r.record().spec().executionId()))
                .sorted(OLDEST_FIRST).map(Row::record).toList());
    }

    @Override
    public List<JobRecord> jobsByStatus(Set<JobStatus> statuses, int limit) {
        return read(() -> jobs.values().stream()
                .filter(r -> statuses.contains(r.record().state().status()))
                .sorted(OLDEST_FIRST).limit(limit).map(Row::record).toList());
    }

    @Override
    public Map<JobStatus, Long> countJobsByStatus() {
        return read(() -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            jobs.values().forEach(r -> counts.merge(r.record().state().status(), 1L, Long::sum));
            return counts;
        });
    }

    @Override
    public Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan) {
        checkOpen();
        lock.writeLock().lock();
        try {
            return removeJobs(r -> statuses.contains(r.state().status()) && r.state().updatedAt().isBefore(olderThan));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public ExecutionPage executions(ExecutionQuery query) {
        return read(() -> {
            List<ExecutionRecord> all = executions.values().stream().map(Row::record).toList();
            ExecutionPage headers = ExecutionMatcher.page(all, query);
            return new ExecutionPage(headers.items().stream().map(this::assembled).toList(), headers.next());
        });
    }

    @Override
    public List<Checkpoint> checkpoints(String executionId) {
        Comparator<Row<Checkpoint>> oldestFirst = Comparator
                .<Row<Checkpoint>, Instant>comparing(r -> r.record().createdAt()).thenComparingLong(Row::seq);
        return read(() -> checkpoints.getOrDefault(executionId, Map.of()).values().stream()
                .sorted(oldestFirst).map(Row::record).toList());
    }

    @Override
    public DeletedExecutions deleteExecutions(Instant olderThan, int limit) {
        checkOpen();
        lock.writeLock().lock();
        try {
            List<ExecutionRecord> doomed = executions.values().stream().map(Row::record)
                    .filter(x -> x.status().isTerminal() && x.updatedAt().isBefore(olderThan))
                    .sorted(Comparator.comparing(ExecutionRecord::updatedAt)).limit(limit).toList();
            for (ExecutionRecord x : doomed) {
                executions.remove(x.id());
                stages.remove(x.id());
                if (x.requestId() != null) {
                    executionIdByRequestId.remove(x.requestId());
                }
                checkpoints.remove(x.id());
            }
            Set<String> ids = doomed.stream().map(ExecutionRecord::id).collect(java.util.stream.Collectors.toSet());
            Map<JobStatus, Long> jobsGone = removeJobs(j -> ids.contains(j.spec().executionId()));
            return new DeletedExecutions(doomed.size(), jobsGone);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the matching jobs (the write lock held); returns how many of each state went. */
    private Map<JobStatus, Long> removeJobs(java.util.function.Predicate<JobRecord> doomed) {
        Map<JobStatus, Long> gone = new EnumMap<>(JobStatus.class);
        jobs.values().removeIf(r -> {
            if (!doomed.test(r.record())) {
                return false;
            }
            gone.merge(r.record().state().status(), 1L, Long::sum);
            return true;
        });
        return gone;
    }

    @Override
    public io.meridian.store.event.EventLog events() {
        checkOpen();
        return events;
    }

    @Override
    public io.meridian.store.event.SinkCursors sinkCursors() {
        checkOpen();
        return sinkCursors;
    }

    @Override
    public LockStore locks() {
        return locks;
    }

    @Override
    public io.meridian.store.token.TokenStore tokens() {
        return tokens;
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    @Override
    public void fence(long epoch) {
        fencedEpoch = epoch;
    }

    private <T> T read(java.util.function.Supplier<T> query) {
        checkOpen();
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
