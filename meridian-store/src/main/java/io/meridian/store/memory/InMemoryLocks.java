package io.meridian.store.memory;

import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Locks on the heap. Every method is synchronized, which makes each one atomic. */
final class InMemoryLocks implements LockStore {

    private final InstantSource clock;
    private final TreeMap<String, LockInfo> held = new TreeMap<>();
    private long lastToken;

    InMemoryLocks(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<LockInfo> acquire(String resource, String owner, Duration ttl) {
        Instant now = now();
        if (live(held.get(resource), now) != null) {
            return Optional.empty();
        }
        LockInfo lock = new LockInfo(resource, UUID.randomUUID().toString(), owner, ++lastToken, now, now.plus(ttl));
        held.put(resource, lock);
        return Optional.of(lock);
    }

    @Override
    public synchronized boolean release(String resource, String lockId) {
        LockInfo lock = live(held.get(resource), now());
        return lock != null && lock.lockId().equals(lockId) && held.remove(resource) != null;
    }

    @Override
    public synchronized Optional<LockInfo> extend(String resource, String lockId, Duration ttl) {
        Instant now = now();
        LockInfo lock = live(held.get(resource), now);
        if (lock == null || !lock.lockId().equals(lockId)) {
            return Optional.empty();
        }
        LockInfo extended = new LockInfo(resource, lockId, lock.owner(), lock.fencingToken(), lock.acquiredAt(),
                now.plus(ttl));
        held.put(resource, extended);
        return Optional.of(extended);
    }

    @Override
    public synchronized Optional<LockInfo> get(String resource) {
        return Optional.ofNullable(live(held.get(resource), now()));
    }

    @Override
    public synchronized List<LockInfo> list(String prefix, int limit) {
        Instant now = now();
        held.values().removeIf(lock -> live(lock, now) == null);
        return held.tailMap(prefix, true).values().stream()
                .takeWhile(lock -> lock.resource().startsWith(prefix)).limit(limit).toList();
    }

    private static LockInfo live(LockInfo lock, Instant now) {
        return lock != null && now.isBefore(lock.expiresAt()) ? lock : null;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
