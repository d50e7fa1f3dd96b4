package io.meridian.engine.locks;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Leased locks for users' tasks and clients. The store does the atomic work and judges expiry by its clock;
 * this class checks the arguments first, so a bad request fails with a message naming the argument and never
 * reaches the store.
 */
public final class LockService {

    public static final int MAX_RESOURCE_LENGTH = 200;
    public static final int MAX_OWNER_LENGTH = 200;
    public static final Duration MIN_TTL = Duration.ofMillis(100);
    public static final Duration MAX_TTL = Duration.ofHours(1);
    public static final int MAX_LIST_LIMIT = 1000;

    private final LockStore store;
    private final Consumer<EventRecord> announce;
    /**
     * Locks taken through this service and not yet released, by resource: what {@link #sweepExpired} checks, to
     * tell of the ones that lapsed. Bounded by the locks taken here within the longest TTL (1 h).
     */
    private final Map<String, LockInfo> held = new java.util.concurrent.ConcurrentHashMap<>();

    public LockService(LockStore store) {
        this(store, event -> { });
    }

    /**
     * {@code announce} commits lock events. The lock store changes in its own transaction (its expiry follows the
     * store's clock, not the engine's), so a lock's event commits just after its change, not with it.
     */
    public LockService(LockStore store, Consumer<EventRecord> announce) {
        this.store = store;
        this.announce = announce;
    }

    private void announce(EventType type, String resource, String lockId, String owner, Instant expiresAt) {
        Map<String, Object> data = new TreeMap<>();
        data.put("resource", resource);
        data.put("lock_id", lockId);
        if (owner != null) {
            data.put("owner", owner);
        }
        if (expiresAt != null) {
            data.put("expires_at", expiresAt.toString());
        }
        announce.accept(EventRecord.unnumbered(type, Instant.now(), null, resource, data));
    }

    /** Takes the lock if free; empty while someone holds it. */
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl) {
        checkResource(resource);
        checkText("owner", owner, MAX_OWNER_LENGTH);
        checkTtl(ttl);
        Optional<LockInfo> taken = store.acquire(resource, owner, ttl);
        taken.ifPresent(l -> {
            LockInfo before = held.put(resource, l);
            if (before != null && !before.lockId().equals(l.lockId())) {
                // the previous holder's lease ran out before a sweep saw it: it expired all the same
                announce(EventType.LOCK_EXPIRED, resource, before.lockId(), before.owner(), before.expiresAt());
            }
            announce(EventType.LOCK_ACQUIRED, resource, l.lockId(), owner, l.expiresAt());
        });
        return taken;
    }

    /** Releases the lock if {@code lockId} holds it; false otherwise (see {@link #get} for who does). */
    public boolean release(String resource, String lockId) {
        checkResource(resource);
        checkText("lock_id", lockId, MAX_RESOURCE_LENGTH);
        boolean released = store.release(resource, lockId);
        if (released) {
            held.remove(resource);
            announce(EventType.LOCK_RELEASED, resource, lockId, null, null);
        }
        return released;
    }

    /** Extends the lock held by {@code lockId} to now + {@code ttl}; empty if {@code lockId} does not hold it. */
    public Optional<LockInfo> extend(String resource, String lockId, Duration ttl) {
        checkResource(resource);
        checkText("lock_id", lockId, MAX_RESOURCE_LENGTH);
        checkTtl(ttl);
        Optional<LockInfo> extended = store.extend(resource, lockId, ttl);
        extended.ifPresent(l -> held.computeIfPresent(resource, (r, old) -> old.lockId().equals(lockId) ? l : old));
        return extended;
    }

    /**
     * Announces {@code lock.expired} for every lock taken here whose lease ran out without a release: its expiry
     * has passed by {@code now}, and the store (whose clock decides) no longer has it under the same lock id.
     * Called by the coordinator's periodic duties; returns how many expired.
     */
    public int sweepExpired(Instant now) {
        int expired = 0;
        for (LockInfo lock : List.copyOf(held.values())) {
            if (lock.expiresAt().isAfter(now)) {
                continue;
            }
            Optional<LockInfo> current = store.get(lock.resource());
            if (current.isPresent() && current.get().lockId().equals(lock.lockId())) {
                held.put(lock.resource(), current.get()); // the store's clock says it still holds
            } else if (held.remove(lock.resource(), lock)) {
                announce(EventType.LOCK_EXPIRED, lock.resource(), lock.lockId(), lock.owner(), lock.expiresAt());
                expired++;
            }
        }
        return expired;
    }

    public Optional<LockInfo> get(String resource) {
        checkResource(resource);
        return store.get(resource);
    }

    /** Held locks whose resource starts with {@code prefix} (null or "" for all), by resource. */
    public List<LockInfo> list(String prefix, int limit) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIST_LIMIT + ", got " + limit);
        }
        String p = prefix == null ? "" : prefix;
        if (p.length() > MAX_RESOURCE_LENGTH) {
            throw new IllegalArgumentException("prefix must be at most " + MAX_RESOURCE_LENGTH + " characters");
        }
        return store.list(p, limit);
    }

    private static void checkResource(String resource) {
        checkText("resource", resource, MAX_RESOURCE_LENGTH);
    }

    private static void checkText(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " must be at most " + max + " characters, got "
                    + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must not contain control characters");
        }
    }

    private static void checkTtl(Duration ttl) {
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between " + MIN_TTL.toMillis() + " ms and "
                    + MAX_TTL.toMillis() + " ms (1 h), got " + (ttl == null ? "none" : ttl.toMillis() + " ms"));
        }
    }
}
