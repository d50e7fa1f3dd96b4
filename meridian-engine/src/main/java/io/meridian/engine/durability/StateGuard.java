package io.meridian.engine.durability;

import io.meridian.store.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's single state lock and its path to durability. {@link #write} runs an operation under the lock,
 * queues its writes for group commit before releasing the lock (so commits follow the order of changes), and
 * returns only once they are durable: nothing is acknowledged before the store has it.
 */
public final class StateGuard {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final GroupCommitter committer;
    private final Fitness fitness;
    private volatile long workGeneration;
    private volatile Consumer<UnitOfWork> onNewWork = work -> { };

    public StateGuard(GroupCommitter committer, Fitness fitness) {
        this.committer = committer;
        this.fitness = fitness;
    }

    /**
     * Sets what runs, under the lock and before the commit, at the end of every operation that made jobs ready.
     * The lease service uses it to give those jobs to workers already waiting in a long poll, so the jobs and
     * their leases reach the store in one commit instead of two in a row.
     */
    public void onNewWork(Consumer<UnitOfWork> handOff) {
        this.onNewWork = handOff;
    }

    public <T> T write(Function<UnitOfWork, T> operation) {
        CompletableFuture<Void> durable;
        T result;
        UnitOfWork work = new UnitOfWork(committer.eventsEnabled());
        lock.lock();
        try {
            try {
                result = operation.apply(work);
                if (work.hasNewWork()) {
                    onNewWork.accept(work);
                }
            } catch (Error fatal) {
                // An Error mid-change (out of memory while dispatching, say) may leave memory half-changed:
                // nothing from here on may be acknowledged, so the coordinator is unfit and steps down.
                fitness.fatal("state update", fatal);
                throw fatal;
            }
            durable = committer.enqueue(work.writes(), work.events());
            work.durable = durable;
            if (work.hasNewWork()) {
                workGeneration++;
                workAvailable.signalAll();
            }
        } finally {
            lock.unlock();
        }
        awaitDurable(durable);
        work.durableNow();
        return result;
    }

    public <T> T read(Supplier<T> query) {
        lock.lock();
        try {
            return query.get();
        } finally {
            lock.unlock();
        }
    }

    /** Counts operations that made jobs ready; read it before looking for work, then pass it to awaitWork. */
    public long workGeneration() {
        return workGeneration;
    }

    /**
     * Waits up to {@code millis} for jobs to become ready after generation {@code seen}. Returns at once if that
     * already happened, so a signal between looking and waiting is never missed.
     */
    public boolean awaitWork(long seen, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            long left;
            while (workGeneration == seen && (left = deadline - System.nanoTime()) > 0) {
                workAvailable.awaitNanos(left);
            }
            return workGeneration != seen;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the writes of {@code work}, an operation that has ended, are durable. */
    public void awaitDurable(UnitOfWork work) {
        awaitDurable(work.durable);
    }

    private static void awaitDurable(CompletableFuture<Void> durable) {
        try {
            durable.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("store commit failed: " + cause.getMessage(), cause);
        }
    }
}
