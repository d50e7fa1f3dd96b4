package io.meridian.store.memory;

import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * Leadership among the nodes of one process. It takes the store's write lock, the lock commits hold, so no
 * takeover can slip between a fenced commit's epoch check and its writes.
 */
final class InMemoryLeadership implements Leadership {

    private final InstantSource clock;
    private final Lock storeWriteLock;
    private LeaderInfo current;
    private long epoch;

    InMemoryLeadership(InstantSource clock, Lock storeWriteLock) {
        this.clock = clock;
        this.storeWriteLock = storeWriteLock;
    }

    @Override
    public Optional<Term> acquire(String nodeId, String address, Duration ttl) {
        return locked(() -> {
            Instant now = now();
            if (isCurrent(epoch, now)) {
                if (!current.nodeId().equals(nodeId)) {
                    return Optional.empty();
                }
            } else {
                epoch++;
            }
            current = new LeaderInfo(nodeId, address, epoch, now.plus(ttl));
            return Optional.of(new Term(nodeId, epoch));
        });
    }

    @Override
    public boolean renew(Term term, Duration ttl) {
        return locked(() -> {
            Instant now = now();
            if (!isCurrent(term.epoch(), now) || !current.nodeId().equals(term.nodeId())) {
                return false;
            }
            current = new LeaderInfo(current.nodeId(), current.address(), epoch, now.plus(ttl));
            return true;
        });
    }

    @Override
    public void resign(Term term) {
        locked(() -> {
            if (current != null && current.epoch() == term.epoch() && current.nodeId().equals(term.nodeId())) {
                current = null;
            }
            return null;
        });
    }

    @Override
    public Optional<LeaderInfo> leader() {
        return locked(() -> Optional.ofNullable(isCurrent(epoch, now()) ? current : null));
    }

    /** Whether {@code term} is the unexpired current term. The caller holds the store's write lock. */
    boolean isCurrent(long term) {
        return isCurrent(term, now());
    }

    private boolean isCurrent(long term, Instant now) {
        return current != null && current.epoch() == term && now.isBefore(current.expiresAt());
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        storeWriteLock.lock();
        try {
            return action.get();
        } finally {
            storeWriteLock.unlock();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
