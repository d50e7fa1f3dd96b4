package io.meridian.engine.durability;

import io.meridian.store.StorageFullException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one coordinator can still commit. Liveness means "can commit", not "the thread exists": the first fatal
 * error in a component the coordinator needs (any {@link Throwable}; an OutOfMemoryError ends a thread as surely
 * as a lost database ends a transaction) makes it unfit for good, and so does a group commit that stops making
 * progress. An unfit coordinator acknowledges nothing more; its node resigns leadership and reports not ready.
 */
public final class Fitness {
    private static final Logger log = LoggerFactory.getLogger(Fitness.class);

    /** How long the oldest write may wait for its commit before the coordinator counts as stalled. */
    public static final Duration DEFAULT_COMMIT_STALL_LIMIT = Duration.ofSeconds(30);

    /** The first fatal error: which component it struck and what it was. */
    public record Fault(String component, Throwable cause) {
        public boolean storageFull() {
            return StorageFullException.isCause(cause);
        }

        /** storage_full for a full store, store_unavailable for another store failure, else coordinator_failed. */
        public Verdict verdict() {
            if (storageFull()) {
                return new Verdict("storage_full", cause.getMessage());
            }
            return new Verdict(cause instanceof io.meridian.store.StoreException ? "store_unavailable"
                    : "coordinator_failed", describe());
        }

        public String describe() {
            String what = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return "the " + component + " failed (" + what + ")";
        }
    }

    /**
     * Why a coordinator is unfit, for health checks and API errors.
     *
     * @param code   stable machine code: {@code storage_full}, {@code store_unavailable}, {@code coordinator_failed}
     *               or {@code commit_stalled}
     * @param reason what happened, for people
     */
    public record Verdict(String code, String reason) {}

    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration commitStallLimit = DEFAULT_COMMIT_STALL_LIMIT;

    /**
     * Records a fatal error in {@code component}. Only the first counts; listeners run once, on the caller's
     * thread. Returns whether this was the first.
     */
    public boolean fatal(String component, Throwable cause) {
        Fault first = new Fault(component, cause);
        if (!fault.compareAndSet(null, first)) {
            return false;
        }
        try {
            if (cause instanceof io.meridian.store.StoreException) {
                // the store's own failure (full, gone): its message says it all, a stack trace adds nothing
                log.error("Fatal: {}; this coordinator acknowledges nothing more and steps down", first.describe());
            } else {
                log.error("Fatal: {}; this coordinator acknowledges nothing more and steps down", first.describe(),
                        cause);
            }
        } catch (Throwable loggingFailedToo) {
            // out of memory, most likely: stepping down matters more than the log line
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (Throwable ignored) {
                // one listener failing must not keep the others from hearing of the fault
            }
        }
        return true;
    }

    public Optional<Fault> fault() {
        return Optional.ofNullable(fault.get());
    }

    /** Runs {@code action} once a fault is recorded (at once if one already is). */
    public void onFault(Runnable action) {
        listeners.add(action);
        if (fault.get() != null) {
            action.run();
        }
    }

    public Duration commitStallLimit() {
        return commitStallLimit;
    }

    /** Sets the stall limit; it must be positive. */
    public void commitStallLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the commit stall limit must be a positive duration, got " + limit);
        }
        this.commitStallLimit = limit;
    }
}
