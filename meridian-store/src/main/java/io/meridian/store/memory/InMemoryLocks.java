package io.meridian.store.memory;

import io.meridian.store.event.EventRecord;
import io.meridian.store.lock.LockChange;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockOutbox;
import io.meridian.store.lock.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Locks on the heap. Every method is synchronized, which makes each one atomic. A lock that lapsed stays in the map
 * until it is settled (by the next acquisition or {@link #settleLapsed}); a released one is removed. A change's
 * events are appended through the store's fenced commit before the change is applied, so a refused append leaves
 * the lock as it was.
 */
final class InMemoryLocks implements LockStore {

    private final InstantSource clock;
    private final Consumer<List<EventRecord>> appendEvents;
    private final TreeMap<String, LockInfo> held = new TreeMap<>();
    private long lastToken;

    InMemoryLocks(InstantSource clock, Consumer<List<EventRecord>> appendEvents) {
        this.clock = clock;
        this.appendEvents = appendEvents;
    }

    @Override
    public synchronized Optional<LockInfo> acquire(String resource, String owner, Duration ttl, LockOutbox outbox) {
        Instant now = now();
        LockInfo before = held.get(resource);
        if (live(before, now) != null) {
            return Optional.empty();
        }
        LockInfo lock = new LockInfo(resource, UUID.randomUUID().toString(), owner, lastToken + 1, now, now.plus(ttl));
        List<LockChange> changes = new ArrayList<>();
        if (before != null) {
            changes.add(new LockChange.Expired(before));
        }
        changes.add(new LockChange.Acquired(lock));
        append(outbox, changes);
        lastToken++;
        held.put(resource, lock);
        return Optional.of(lock);
    }

    @Override
    public synchronized boolean release(String resource, String lockId, LockOutbox outbox) {
        LockInfo lock = live(held.get(resource), now());
        if (lock == null || !lock.lockId().equals(lockId)) {
            return false;
        }
        append(outbox, List.of(new LockChange.Released(resource, lockId)));
        held.remove(resource);
        return true;
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
        return held.tailMap(prefix, true).values().stream()
                .takeWhile(lock -> lock.resource().startsWith(prefix))
                .filter(lock -> live(lock, now) != null).limit(limit).toList();
    }

    @Override
    public synchronized List<LockInfo> lapsed(int limit) {
        Instant now = now();
        return held.values().stream().filter(lock -> live(lock, now) == null).limit(limit).toList();
    }

    @Override
    public synchronized List<LockInfo> settleLapsed(List<LockInfo> locks, LockOutbox outbox) {
        Instant now = now();
        List<LockInfo> settled = locks.stream().filter(l -> {
            LockInfo current = held.get(l.resource());
            return current != null && current.lockId().equals(l.lockId()) && live(current, now) == null;
        }).map(l -> held.get(l.resource())).distinct().toList();
        if (!settled.isEmpty()) {
            append(outbox, settled.stream().<LockChange>map(LockChange.Expired::new).toList());
            settled.forEach(l -> held.remove(l.resource()));
        }
        return settled;
    }

    private void append(LockOutbox outbox, List<LockChange> changes) {
        List<EventRecord> events = outbox.eventsFor(changes);
        if (!events.isEmpty()) {
            appendEvents.accept(events);
        }
    }

    private static LockInfo live(LockInfo lock, Instant now) {
        return lock != null && now.isBefore(lock.expiresAt()) ? lock : null;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
