package io.meridian.engine.durability;

import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit: every change the engine acknowledges is queued here, and one thread writes whatever has
 * queued up in a single store transaction. Durability therefore costs one disk flush per batch, not per job.
 * Batches are committed in the order they were enqueued, so the engine enqueues while holding its state lock
 * and the store always ends with the latest version of every record.
 *
 * <p>Fail-stop on anything: a commit that throws, whatever it throws (an {@link Error} included), marks the
 * coordinator's {@link Fitness} failed and completes every waiting future exceptionally, so no caller hangs on a
 * thread that is gone. How long the oldest write has waited is tracked, so a commit that hangs is seen as well.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final int MAX_BATCH_WRITES = 20_000;

    /**
     * Queued writes and their events, or ({@code own} set) a change that commits in its own transaction: it runs
     * alone, between batches, and {@code done} is its caller's future.
     */
    private record Pending(List<StoreWrite> writes, List<EventRecord> events, CompletableFuture<?> done,
                           long enqueuedNanos, OwnRun own) {
        Pending(List<StoreWrite> writes, List<EventRecord> events, CompletableFuture<?> done, long enqueuedNanos) {
            this(writes, events, done, enqueuedNanos, null);
        }
    }

    /** Runs a change with its numbering; returns what completes its caller's future once its events are handed on. */
    private interface OwnRun {
        Runnable run(EventNumbering numbering);
    }

    /**
     * A change the store commits in a transaction of its own (a lock's, whose store judges expiry by its own
     * clock), with the events that describe it: numbered by {@code numbering}, in that same transaction.
     */
    @FunctionalInterface
    public interface OwnCommit<T> {
        T commit(EventNumbering numbering);
    }

    /**
     * Numbers the events of one {@link OwnCommit} after the last committed sequence. The committer runs such a
     * change on its own thread, between batches, so nothing else is numbered meanwhile; it takes the numbers as
     * used only if the change returns (its transaction committed). With events off it numbers nothing and hands
     * back no event to append.
     */
    public static final class EventNumbering {
        private final long after;
        private final boolean enabled;
        private final List<EventRecord> numbered = new ArrayList<>();

        private EventNumbering(long after, boolean enabled) {
            this.after = after;
            this.enabled = enabled;
        }

        /**
         * The events, numbered to continue the log; to append in the change's transaction. Each call numbers from
         * the start again: a transaction retried after a rollback describes its change anew.
         */
        public List<EventRecord> number(List<EventRecord> events) {
            numbered.clear();
            if (!enabled) {
                return List.of();
            }
            List<EventRecord> out = new ArrayList<>(events.size());
            for (EventRecord e : events) {
                out.add(e.numbered(after + numbered.size() + 1));
                numbered.add(out.getLast());
            }
            return out;
        }
    }

    private final Store store;
    private final Fitness fitness;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile List<Pending> inFlight = List.of();
    private volatile long lastCommitNanos = System.nanoTime();
    private volatile boolean closed;
    private long batches;
    private long writes;
    /** The sequence of the last event committed; only the commit thread moves it. */
    private volatile long lastSequence;
    private final boolean eventsEnabled;
    private volatile Consumer<List<EventRecord>> onEventsCommitted = events -> { };

    public GroupCommitter(Store store, Fitness fitness) {
        this(store, fitness, true);
    }

    /**
     * With {@code eventsEnabled} false, events handed in are dropped and nothing is appended to the outbox.
     * Otherwise the committer numbers every event: it continues after the store's last committed sequence, read
     * once here. A coordinator is built when it takes the lead, after its store was fenced with its epoch, and only
     * the leader commits, one batch at a time, so the numbers stay dense across a takeover; the store checks that
     * each batch continues its log and refuses it otherwise (which makes this coordinator step down, not leave a gap).
     */
    public GroupCommitter(Store store, Fitness fitness, boolean eventsEnabled) {
        this.store = store;
        this.fitness = fitness;
        this.eventsEnabled = eventsEnabled;
        this.lastSequence = eventsEnabled ? store.events().lastSequence() : 0;
        this.thread = Thread.ofPlatform().name("meridian-group-commit").daemon().start(this::run);
    }

    /**
     * Sets what hears of events once they are durable, on the commit thread, in sequence order. It must return at
     * once (hand the events on, never wait on a reader): it runs between commits.
     */
    public void onEventsCommitted(Consumer<List<EventRecord>> listener) {
        this.onEventsCommitted = listener;
    }

    /** Whether events are recorded (events.enabled): when not, those handed in are dropped. */
    public boolean eventsEnabled() {
        return eventsEnabled;
    }

    /** The sequence number of the last event committed by this committer or found in the store at its start. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Queues writes; the future completes once they are durable. Call in the order the changes were made. */
    public CompletableFuture<Void> enqueue(List<StoreWrite> batch) {
        return enqueue(batch, List.of());
    }

    /**
     * Queues writes and the events describing them (not yet numbered): both are committed in one transaction, the
     * events numbered in the order they were queued. The future completes once they are durable.
     */
    public CompletableFuture<Void> enqueue(List<StoreWrite> batch, List<EventRecord> events) {
        List<EventRecord> kept = eventsEnabled ? events : List.of();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Optional<Fitness.Fault> fault = fitness.fault();
        if (fault.isPresent()) {
            done.completeExceptionally(CommitRefusedException.after(fault.get()));
        } else if (closed) {
            done.completeExceptionally(CommitRefusedException.steppedDown());
        } else if (batch.isEmpty() && kept.isEmpty()) {
            done.complete(null);
        } else {
            Pending pending = new Pending(batch, kept, done, System.nanoTime());
            queue.add(pending);
            if ((closed || fitness.fault().isPresent()) && queue.remove(pending)) {
                // raced with a failure or a close that may already have drained the queue: nobody would take it
                done.completeExceptionally(fitness.fault().<RuntimeException>map(CommitRefusedException::after)
                        .orElseGet(CommitRefusedException::steppedDown));
            }
        }
        return done;
    }

    /**
     * Runs {@code change} on the commit thread, after the batches queued before it and before the ones queued
     * after, so that the events it numbers continue the log and nothing is numbered meanwhile. The future completes
     * with what it returned once its events are handed to {@link #onEventsCommitted}, or with what it threw.
     * A change refused by the fence ({@link io.meridian.store.leader.FencedException}) fails this committer as a
     * batch would: the coordinator steps down. Any other failure is its caller's alone: its transaction rolled
     * back with its events, and no number was taken (a commit that took effect though it reported a failure makes
     * the next batch's numbering refused, which fails the committer then).
     */
    public <T> CompletableFuture<T> commitOwn(OwnCommit<T> change) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Optional<Fitness.Fault> fault = fitness.fault();
        if (fault.isPresent()) {
            done.completeExceptionally(CommitRefusedException.after(fault.get()));
            return done;
        }
        if (closed) {
            done.completeExceptionally(CommitRefusedException.steppedDown());
            return done;
        }
        OwnRun own = numbering -> {
            T result = change.commit(numbering);
            return () -> done.complete(result);
        };
        Pending pending = new Pending(List.of(), List.of(), done, System.nanoTime(), own);
        queue.add(pending);
        if ((closed || fitness.fault().isPresent()) && queue.remove(pending)) {
            done.completeExceptionally(fitness.fault().<RuntimeException>map(CommitRefusedException::after)
                    .orElseGet(CommitRefusedException::steppedDown));
        }
        return done;
    }

    private void run() {
        try {
            while (!closed || !queue.isEmpty()) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (fitness.fault().isPresent()) {
                    first.done.completeExceptionally(CommitRefusedException.after(fitness.fault().get()));
                    refuseQueued();
                    continue;
                }
                inFlight = List.of(first); // from here on, whatever is thrown completes what was taken
                if (first.own != null) {
                    commitOwn(first);
                    continue;
                }
                List<Pending> taken = new ArrayList<>();
                taken.add(first);
                inFlight = taken;
                int size = first.writes.size();
                while (size < MAX_BATCH_WRITES) {
                    Pending peeked = queue.peek(); // this thread alone takes from the queue
                    if (peeked == null || peeked.own != null) {
                        break;
                    }
                    Pending next = queue.poll();
                    taken.add(next);
                    size += next.writes.size();
                }
                commit(taken);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable fatal) {
            fail(fatal);
        } finally {
            refuseQueued();
        }
    }

    private void commit(List<Pending> taken) {
        try {
            List<StoreWrite> batch = latestVersions(taken);
            List<EventRecord> events = numbered(taken);
            if (!events.isEmpty()) {
                batch.add(new StoreWrite.AppendEvents(events));
            }
            store.commit(batch);
            batches++;
            lastCommitNanos = System.nanoTime();
            inFlight = List.of();
            if (!events.isEmpty()) {
                lastSequence = events.getLast().sequence();
                publish(events);
            }
            taken.forEach(p -> p.done.complete(null));
        } catch (Throwable e) {
            // Memory may now be ahead of the store, so nothing further is acknowledged; the node resigns and the
            // next leader (this node again, or another) reloads from the last durable state.
            fail(e);
        }
    }

    private void commitOwn(Pending own) {
        EventNumbering numbering = new EventNumbering(lastSequence, eventsEnabled);
        Runnable complete;
        try {
            complete = own.own.run(numbering);
        } catch (io.meridian.store.leader.FencedException e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            inFlight = List.of();
            own.done.completeExceptionally(e);
            return;
        }
        lastCommitNanos = System.nanoTime();
        inFlight = List.of();
        if (!numbering.numbered.isEmpty()) {
            lastSequence = numbering.numbered.getLast().sequence();
            publish(List.copyOf(numbering.numbered));
        }
        complete.run();
    }

    private void fail(Throwable e) {
        fitness.fatal("group commit", e);
        // A full store is said as such; anything else names the coordinator's failure and its cause.
        Throwable answer = e instanceof io.meridian.store.StorageFullException ? e
                : CommitRefusedException.after(fitness.fault().orElseThrow());
        inFlight.forEach(p -> p.done.completeExceptionally(answer));
        inFlight = List.of();
        refuseQueued();
    }

    /** Completes every queued write exceptionally: after a fault, or once closed. */
    private void refuseQueued() {
        Throwable answer = fitness.fault().<Throwable>map(CommitRefusedException::after)
                .orElseGet(CommitRefusedException::steppedDown);
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done.completeExceptionally(answer);
        }
    }

    /**
     * Numbers the batch's events after the last committed one. Nothing is kept if the commit fails: the committer
     * is then failed for good, and the next leader reads the last sequence from the store.
     */
    private List<EventRecord> numbered(List<Pending> taken) {
        List<EventRecord> out = new ArrayList<>();
        long next = lastSequence;
        for (Pending p : taken) {
            for (EventRecord e : p.events) {
                out.add(e.numbered(++next));
            }
        }
        return out;
    }

    private void publish(List<EventRecord> events) {
        try {
            onEventsCommitted.accept(events);
        } catch (RuntimeException e) {
            // a reader's problem: the events are durable and readable from the store all the same
            org.slf4j.LoggerFactory.getLogger(GroupCommitter.class)
                    .warn("Handing committed events to their readers failed; they read them from the store", e);
        }
    }

    /** Within one transaction only the last version of each record matters. */
    private List<StoreWrite> latestVersions(List<Pending> taken) {
        int count = 0;
        for (Pending p : taken) {
            count += p.writes.size();
        }
        // sized for every write up front: a batch carries hundreds, and growing the table step by step showed in
        // the coordinator's profile
        Map<String, StoreWrite> byKey = LinkedHashMap.newLinkedHashMap(count);
        for (Pending p : taken) {
            for (StoreWrite w : p.writes) {
                String key = switch (w) {
                    case StoreWrite.PutJob j -> "j" + j.job().id();
                    case StoreWrite.PutExecution x -> "e" + x.execution().id();
                    case StoreWrite.PutExecutionStatus x -> "x" + x.executionId();
                    case StoreWrite.PutStage x -> "x" + x.executionId() + "\u0000" + x.stage().stageId();
                    case StoreWrite.PutPipeline reg -> "p" + reg.pipeline().id() + "\u0000" + reg.pipeline().version();
                    case StoreWrite.PutCheckpoint c -> "c" + c.checkpoint().executionId() + "\u0000"
                            + c.checkpoint().checkpointId();
                    case StoreWrite.PutSchedule s -> "s" + s.schedule().id();
                    case StoreWrite.DeleteSchedule d -> "s" + d.scheduleId();
                    // events are never collapsed (the engine hands them in apart from writes; this keeps any)
                    case StoreWrite.AppendEvents a -> "v" + byKey.size();
                };
                byKey.put(key, w);
            }
        }
        writes += byKey.size();
        return new ArrayList<>(byKey.values());
    }

    public long batchesCommitted() {
        return batches;
    }

    public long writesCommitted() {
        return writes;
    }

    /** How long the oldest write not yet durable has waited (zero when nothing waits). */
    public Duration oldestPendingAge() {
        long now = System.nanoTime();
        long oldest = now;
        List<Pending> committing = inFlight;
        if (!committing.isEmpty()) {
            oldest = Math.min(oldest, committing.getFirst().enqueuedNanos);
        }
        Pending head = queue.peek();
        if (head != null) {
            oldest = Math.min(oldest, head.enqueuedNanos);
        }
        return Duration.ofNanos(now - oldest);
    }

    /** How long ago the last batch became durable (since start, if none has yet). */
    public Duration sinceLastCommit() {
        return Duration.ofNanos(System.nanoTime() - lastCommitNanos);
    }

    /** Whether a write has waited longer than the stall limit: the commit path is not making progress. */
    public Optional<String> stall() {
        Duration waited = oldestPendingAge();
        Duration limit = fitness.commitStallLimit();
        if (waited.compareTo(limit) <= 0) {
            return Optional.empty();
        }
        return Optional.of("the oldest write has waited " + waited.toMillis() + " ms for its commit (limit "
                + limit.toMillis() + " ms; last successful commit " + sinceLastCommit().toMillis() + " ms ago)");
    }

    public boolean isFailed() {
        return fitness.fault().isPresent();
    }

    /**
     * Stops after committing what is queued (for up to 10 s, less if commits have stalled). Whatever is still
     * waiting then, a commit hung in the store included, is completed exceptionally: a caller never waits on a coordinator that has stepped down.
     */
    @Override
    public void close() {
        closed = true;
        try {
            // Let queued writes drain, but stop waiting once commits have stalled: a hung store call may never end.
            long until = System.nanoTime() + 10_000_000_000L;
            while (thread.isAlive() && System.nanoTime() < until && stall().isEmpty()) {
                thread.join(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CommitRefusedException gone = CommitRefusedException.steppedDown();
        inFlight.forEach(p -> p.done.completeExceptionally(gone));
        refuseQueued();
    }
}
