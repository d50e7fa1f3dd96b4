package io.meridian.server.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Admits requests into their class's slots without waiting: a request that finds its class full is shed (503)
 * at once rather than queued, so a caller learns to back off while the server still has time to say so.
 */
public final class Admission {
    private final Map<RequestClass, Semaphore> slots = new EnumMap<>(RequestClass.class);
    private final Map<RequestClass, Integer> limits = new EnumMap<>(RequestClass.class);
    private final Semaphore longPolls;
    private final int longPollLimit;

    public Admission(RequestCapacity capacity) {
        limit(RequestClass.CLIENT, capacity.clients());
        limit(RequestClass.WORKER, capacity.workers());
        limit(RequestClass.HEALTH, capacity.health());
        this.longPollLimit = capacity.longPolls();
        this.longPolls = new Semaphore(longPollLimit);
    }

    private void limit(RequestClass c, int n) {
        slots.put(c, new Semaphore(n));
        limits.put(c, n);
    }

    /** A slot of {@code c}, or null when all of them are taken. */
    Permit tryAdmit(RequestClass c) {
        Semaphore s = slots.get(c);
        return s.tryAcquire() ? new Permit(s) : null;
    }

    /** Moves {@code permit} from its short-call slot to a long-poll slot; false (nothing changed) when none is free. */
    boolean parkAsLongPoll(Permit permit) {
        if (!longPolls.tryAcquire()) {
            return false;
        }
        permit.swap(longPolls);
        return true;
    }

    public int limit(RequestClass c) {
        return limits.get(c);
    }

    public int inUse(RequestClass c) {
        return limits.get(c) - slots.get(c).availablePermits();
    }

    public int longPollLimit() {
        return longPollLimit;
    }

    public int longPollsInUse() {
        return longPollLimit - longPolls.availablePermits();
    }

    /** One admitted request's slot; released once, when the request has been handled. */
    static final class Permit {
        private Semaphore held;

        private Permit(Semaphore held) {
            this.held = held;
        }

        private synchronized void swap(Semaphore next) {
            Semaphore previous = held;
            held = next;
            if (previous != null) {
                previous.release();
            }
        }

        synchronized void release() {
            if (held != null) {
                held.release();
                held = null;
            }
        }
    }
}
