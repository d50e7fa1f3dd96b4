package io.meridian.engine.leader;

import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this coordinator's side of the leadership lease: a follower asks for it every {@code retry}; a leader
 * renews it every ttl/3. The store judges expiry by its own clock; this side judges only by the monotonic clock:
 * after each successful renewal the lease cannot end before (time the renewal was <em>sent</em>) + ttl, so the
 * leader steps down at that instant minus a margin unless a later renewal succeeded. A wall-clock jump here
 * therefore expires nothing, and a leader cut off from the store stops before anyone else can start.
 * Fencing in the store (epochs) keeps the rare overlap harmless anyway.
 */
public final class LeaderElector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

    /**
     * Told about changes of this node's role, on the elector's thread, one at a time. Both calls must return
     * quickly: the elector renews the lease only between them, so a listener that blocks for longer than
     * ttl - margin costs this node the lease it just won.
     */
    public interface Listener {
        /**
         * This node leads from now on: start building the hot state (fenced with the term's epoch) off this thread,
         * and serve once it is built, if {@link #term()} is still this term by then.
         */
        void elected(Term term);

        /** This node no longer leads: stop acting at once. */
        void deposed(Term term, String reason);
    }

    private final Leadership leadership;
    private final String nodeId;
    private final String address;
    private final LeadershipSettings settings;
    private final LongSupplier nanos;
    private final Listener listener;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Object wake = new Object();
    private volatile Supplier<Optional<String>> unfit = Optional::empty;
    private volatile Term term;
    private volatile boolean stopped;
    private long validUntil;
    private Thread thread;

    public LeaderElector(Leadership leadership, String nodeId, String address, LeadershipSettings settings,
                         LongSupplier nanos, Listener listener) {
        this.leadership = leadership;
        this.nodeId = nodeId;
        this.address = address;
        this.settings = settings;
        this.nanos = nanos;
        this.listener = listener;
    }

    /**
     * A check of this node's fitness to lead, asked on every turn while leading: why it cannot lead, or empty.
     * A coordinator whose commits failed, whose group commit stalled or whose components died of an Error has
     * stopped acknowledging changes (fail-stop), so it resigns at once and leadership is taken anew, by another
     * node or (a little later, giving the others the first chance) by this one with state reloaded from the store.
     */
    public LeaderElector fitness(Supplier<Optional<String>> unfitReason) {
        this.unfit = unfitReason;
        return this;
    }

    public LeaderElector start() {
        thread = Thread.ofPlatform().name("meridian-leader").daemon().start(this::run);
        return this;
    }

    public boolean isLeader() {
        return term != null;
    }

    public Optional<Term> term() {
        return Optional.ofNullable(term);
    }

    /** The current leader as the store sees it (this node or another), if any. */
    public Optional<LeaderInfo> leader() {
        try {
            return leadership.leader();
        } catch (RuntimeException storeDown) {
            return Optional.empty();
        }
    }

    /** Asks the loop to check its lease now, e.g. after a commit was refused as fenced. */
    public void checkNow() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        while (!stopped) {
            Duration wait;
            try {
                wait = step();
            } catch (RuntimeException e) {
                log.error("Leadership loop failed; trying again", e);
                wait = settings.retry();
            } catch (Throwable fatal) {
                wait = afterFatal(fatal);
            }
            pause(wait);
        }
    }

    /**
     * An Error in the loop itself (out of memory, say): renewals cannot be trusted to happen on time any more, so
     * a leader steps down at once rather than when its lease runs out; then the loop carries on.
     */
    private Duration afterFatal(Throwable fatal) {
        try {
            log.error("Leadership loop hit a fatal error", fatal);
        } catch (Throwable ignored) {
            // logging may fail too when memory is short
        }
        Term current = term;
        if (current != null) {
            try {
                resign(current, "the leadership loop hit " + fatal.getClass().getSimpleName());
            } catch (Throwable ignored) {
                term = null; // whatever else fails, this node no longer claims to lead
            }
        }
        return sitOut();
    }

    /**
     * After resigning as unfit, wait two follower retries before campaigning again: another coordinator (asking
     * every retry) takes over first if there is one; alone, this one retakes leadership with state reloaded.
     */
    private Duration sitOut() {
        return settings.retry().multipliedBy(2);
    }

    /**
     * One turn of the loop: a follower tries to take the lease, a leader renews it or steps down. Returns how
     * long to wait before the next turn.
     */
    Duration step() {
        Term current = term;
        if (current == null) {
            long sent = nanos.getAsLong();
            Optional<Term> won = call(() -> leadership.acquire(nodeId, address, settings.ttl()), settings.retry())
                    .orElse(Optional.empty());
            if (won.isEmpty() || stopped) {
                return settings.retry();
            }
            validUntil = sent + settings.ttl().minus(settings.margin()).toNanos();
            term = won.get();
            log.info("Leading as {} (epoch {})", nodeId, term.epoch());
            listener.elected(term);
            return settings.renewEvery();
        }
        Optional<String> unfitReason = unfit.get();
        if (unfitReason.isPresent()) {
            resign(current, "this coordinator cannot commit (" + unfitReason.get() + "); resigning so leadership is "
                    + "taken afresh from the store");
            return sitOut();
        }
        long now = nanos.getAsLong();
        if (now >= validUntil) {
            depose(current, "the leadership lease could not be renewed in time (store unreachable or this process "
                    + "was paused); stepping down before it can have ended");
            return Duration.ZERO;
        }
        // The renewal may hang (a cut-off network): never wait past the point where the lease could end.
        Optional<Boolean> renewed = call(() -> leadership.renew(current, settings.ttl()),
                Duration.ofNanos(validUntil - now));
        if (renewed.isPresent() && renewed.get()) {
            validUntil = now + settings.ttl().minus(settings.margin()).toNanos();
            return Duration.ofNanos(Math.max(0, Math.min(settings.renewEvery().toNanos(),
                    validUntil - nanos.getAsLong())));
        }
        if (renewed.isPresent()) {
            depose(current, "another coordinator holds the leadership now");
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, Math.min(settings.retry().toNanos(), validUntil - nanos.getAsLong())));
    }

    private void resign(Term current, String reason) {
        depose(current, reason);
        call(() -> {
            leadership.resign(current);
            return Boolean.TRUE;
        }, settings.retry());
    }

    private void depose(Term current, String reason) {
        term = null;
        log.warn("No longer leading (epoch {}): {}", current.epoch(), reason);
        listener.deposed(current, reason);
    }

    private <T> Optional<T> call(java.util.concurrent.Callable<T> call, Duration limit) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, calls);
        try {
            return Optional.ofNullable(f.get(Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            log.warn("Leadership store call took over {} ms", limit.toMillis());
            return Optional.empty();
        } catch (ExecutionException e) {
            log.warn("Leadership store call failed: {}", e.getCause().toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void pause(Duration d) {
        if (d.isZero() || stopped) {
            return;
        }
        synchronized (wake) {
            try {
                wake.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    /** Stops the loop and, if leading, resigns so a follower takes over at once instead of after the ttl. */
    @Override
    public void close() {
        stopped = true;
        checkNow();
        if (thread != null) {
            try {
                thread.join(settings.ttl().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Term current = term;
        if (current != null) {
            term = null;
            listener.deposed(current, "shutting down");
            call(() -> {
                leadership.resign(current);
                return Boolean.TRUE;
            }, settings.retry());
        }
        calls.shutdownNow();
    }
}
