package io.meridian.engine.locks;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import io.meridian.store.lock.LockChange;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockOutbox;
import io.meridian.store.lock.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Leased locks for users' tasks and clients. The store does the atomic work and judges expiry by its clock;
 * this class checks the arguments first, so a bad request fails with a message naming the argument and never
 * reaches the store. Each change commits in one store transaction with the events describing it, through {@link
 * Commits}: on a leading coordinator that is its group committer, which numbers the events.
 */
public final class LockService {

    public static final int MAX_RESOURCE_LENGTH = 200;
    public static final int MAX_OWNER_LENGTH = 200;
    public static final Duration MIN_TTL = Duration.ofMillis(100);
    public static final Duration MAX_TTL = Duration.ofHours(1);
    public static final int MAX_LIST_LIMIT = 1000;
    /** Lapsed locks settled per sweep: a sweep is one transaction, so it stays short however many lapsed. */
    public static final int SWEEP_LIMIT = 100;

    /**
     * Runs a lock change in its store transaction, handing it what numbers its events to continue the log (or
     * drops them, where no events are written). Returns what the change returned, once durable.
     */
    public interface Commits {
        <T> T commit(Function<UnaryOperator<List<EventRecord>>, T> change);
    }

    /** No events: a change made on the store outside a leading coordinator (an administrator's command). */
    public static final Commits WITHOUT_EVENTS = new Commits() {
        @Override
        public <T> T commit(Function<UnaryOperator<List<EventRecord>>, T> change) {
            return change.apply(events -> List.of());
        }
    };

    private final LockStore store;
    private final Commits commits;
    private final InstantSource clock;

    public LockService(LockStore store) {
        this(store, WITHOUT_EVENTS, InstantSource.system());
    }

    /** {@code clock} stamps the events' time; the store's clock alone decides expiry. */
    public LockService(LockStore store, Commits commits, InstantSource clock) {
        this.store = store;
        this.commits = commits;
        this.clock = clock;
    }

    /** The outbox of one change: its changes described as events, numbered by {@code number}. */
    private LockOutbox outbox(UnaryOperator<List<EventRecord>> number) {
        return changes -> number.apply(changes.stream().map(this::event).toList());
    }

    private EventRecord event(LockChange change) {
        return switch (change) {
            case LockChange.Acquired(LockInfo l) -> event(EventType.LOCK_ACQUIRED, l.resource(), l.lockId(),
                    l.owner(), l.expiresAt());
            case LockChange.Released(String resource, String lockId) -> event(EventType.LOCK_RELEASED, resource,
                    lockId, null, null);
            case LockChange.Expired(LockInfo l) -> event(EventType.LOCK_EXPIRED, l.resource(), l.lockId(),
                    l.owner(), l.expiresAt());
        };
    }

    private EventRecord event(EventType type, String resource, String lockId, String owner, Instant expiresAt) {
        Map<String, Object> data = new TreeMap<>();
        data.put("resource", resource);
        data.put("lock_id", lockId);
        if (owner != null) {
            data.put("owner", owner);
        }
        if (expiresAt != null) {
            data.put("expires_at", expiresAt.toString());
        }
        return EventRecord.unnumbered(type, clock.instant(), null, resource, data);
    }

    /**
     * Takes the lock if free; empty while someone holds it. A previous holder that lapsed without a release is
     * told {@code lock.expired} in the same commit, before {@code lock.acquired}.
     */
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl) {
        checkResource(resource);
        checkText("owner", owner, MAX_OWNER_LENGTH);
        checkTtl(ttl);
        return commits.commit(number -> store.acquire(resource, owner, ttl, outbox(number)));
    }

    /** Releases the lock if {@code lockId} holds it; false otherwise (see {@link #get} for who does). */
    public boolean release(String resource, String lockId) {
        checkResource(resource);
        checkText("lock_id", lockId, MAX_RESOURCE_LENGTH);
        return commits.commit(number -> store.release(resource, lockId, outbox(number)));
    }

    /** Extends the lock held by {@code lockId} to now + {@code ttl}; empty if {@code lockId} does not hold it. */
    public Optional<LockInfo> extend(String resource, String lockId, Duration ttl) {
        checkResource(resource);
        checkText("lock_id", lockId, MAX_RESOURCE_LENGTH);
        checkTtl(ttl);
        return store.extend(resource, lockId, ttl);
    }

    /**
     * Tells {@code lock.expired} for locks whose lease ran out without a release, whichever coordinator they were
     * taken through: at most {@link #SWEEP_LIMIT} per call, each settled in the store in the same commit as its
     * event, so it is told once across sweeps and takeovers. Called by the leader's periodic duties; finding none
     * costs one read, outside the commit path. Returns how many expired.
     */
    public int sweepExpired() {
        List<LockInfo> lapsed = store.lapsed(SWEEP_LIMIT);
        if (lapsed.isEmpty()) {
            return 0;
        }
        return commits.commit(number -> store.settleLapsed(lapsed, outbox(number))).size();
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
