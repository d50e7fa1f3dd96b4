package io.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import io.meridian.store.leader.FencedException;
import io.meridian.store.leader.Term;
import io.meridian.store.lock.LockChange;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockOutbox;
import io.meridian.store.lock.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lock change and its events are one transaction ({@link LockOutbox}): both are committed, or neither. A refused
 * change appends nothing; a refused append (a numbering that does not continue the log, or a fenced-out epoch)
 * leaves the lock as it was. A lapsed lock is told once, by whoever settles it first.
 */
public interface LockEventContract extends StoreAccess {

    Duration HELD_TTL = Duration.ofSeconds(30);
    Duration LAPSING_TTL = Duration.ofMillis(300);

    private LockStore locks() {
        return storeUnderTest().locks();
    }

    private List<EventRecord> log() {
        return storeUnderTest().events().read(EventQuery.after(0, 1000));
    }

    /** Describes each change as an event named after it, numbered to continue the store's log. */
    private LockOutbox outbox() {
        return changes -> numbered(changes, storeUnderTest().events().lastSequence() + 1);
    }

    private static List<EventRecord> numbered(List<LockChange> changes, long first) {
        List<EventRecord> out = new ArrayList<>();
        for (LockChange change : changes) {
            EventRecord e = switch (change) {
                case LockChange.Acquired(LockInfo l) -> event(EventType.LOCK_ACQUIRED, l.resource(), l.lockId());
                case LockChange.Released(String resource, String lockId) ->
                        event(EventType.LOCK_RELEASED, resource, lockId);
                case LockChange.Expired(LockInfo l) -> event(EventType.LOCK_EXPIRED, l.resource(), l.lockId());
            };
            out.add(e.numbered(first + out.size()));
        }
        return out;
    }

    private static EventRecord event(EventType type, String resource, String lockId) {
        return EventRecord.unnumbered(type, Instant.parse("2026-12-07T12:00:00Z"), null, resource,
                Map.of("lock_id", lockId));
    }

    private static List<String> described(List<EventRecord> events) {
        return events.stream().map(e -> e.sequence() + " " + e.type().wireName() + " " + e.subject() + " "
                + e.data().get("lock_id")).toList();
    }

    private void awaitLapsed(LockInfo lock) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> locks().lapsed(100).stream().anyMatch(l -> l.lockId().equals(lock.lockId())));
    }

    @Test
    default void anAcquisitionAndAReleaseCommitWithTheirEvents() {
        LockInfo lock = locks().acquire("reports/daily", "a", HELD_TTL, outbox()).orElseThrow();
        assertThat(described(log())).containsExactly("1 lock.acquired reports/daily " + lock.lockId());
        assertThat(locks().release("reports/daily", lock.lockId(), outbox())).isTrue();
        assertThat(described(log())).containsExactly("1 lock.acquired reports/daily " + lock.lockId(),
                "2 lock.released reports/daily " + lock.lockId());
        assertThat(locks().get("reports/daily")).isEmpty();
        assertThat(locks().lapsed(100)).as("a released lock never lapses").isEmpty();
    }

    @Test
    default void aRefusedLockChangeWritesNoEvent() {
        LockInfo lock = locks().acquire("r", "a", HELD_TTL, outbox()).orElseThrow();
        assertThat(locks().acquire("r", "b", HELD_TTL, outbox())).isEmpty();
        assertThat(locks().release("r", "not-the-holder", outbox())).isFalse();
        assertThat(locks().release("other", lock.lockId(), outbox())).isFalse();
        assertThat(log()).hasSize(1);
    }

    @Test
    default void aLockChangeWhoseEventsAreRefusedDoesNotHappen() {
        LockOutbox gap = changes -> numbered(changes, storeUnderTest().events().lastSequence() + 2);
        assertThatThrownBy(() -> locks().acquire("r", "a", HELD_TTL, gap)).isInstanceOf(StoreException.class);
        assertThat(locks().get("r")).as("the acquisition rolled back with its events").isEmpty();
        assertThat(log()).isEmpty();

        LockInfo lock = locks().acquire("r", "a", HELD_TTL, outbox()).orElseThrow();
        assertThatThrownBy(() -> locks().release("r", lock.lockId(), gap)).isInstanceOf(StoreException.class);
        assertThat(locks().get("r")).as("the release rolled back with its event").contains(lock);
        assertThat(log()).hasSize(1);
    }

    @Test
    default void aDeposedLeaderChangesNoLockWithEvents() {
        Term a = storeUnderTest().leadership().acquire("node-a", "http://a", HELD_TTL).orElseThrow();
        storeUnderTest().fence(a.epoch());
        LockInfo lock = locks().acquire("r", "a", HELD_TTL, outbox()).orElseThrow();
        storeUnderTest().leadership().resign(a);
        Term b = storeUnderTest().leadership().acquire("node-b", "http://b", HELD_TTL).orElseThrow();

        assertThatThrownBy(() -> locks().release("r", lock.lockId(), outbox())).isInstanceOf(FencedException.class);
        assertThatThrownBy(() -> locks().acquire("s", "a", HELD_TTL, outbox())).isInstanceOf(FencedException.class);
        assertThat(locks().get("r")).contains(lock);
        assertThat(locks().get("s")).isEmpty();
        assertThat(log()).hasSize(1);
        storeUnderTest().leadership().resign(b);
    }

    @Test
    default void aLapsedLockIsSettledOnceWithItsExpiry() {
        LockInfo lapsing = locks().acquire("lapsing", "a", LAPSING_TTL, outbox()).orElseThrow();
        LockInfo held = locks().acquire("held", "a", HELD_TTL, outbox()).orElseThrow();
        awaitLapsed(lapsing);
        assertThat(locks().lapsed(100)).extracting(LockInfo::lockId).containsExactly(lapsing.lockId());

        List<LockInfo> settled = locks().settleLapsed(List.of(lapsing, held), outbox());
        assertThat(settled).extracting(LockInfo::lockId).containsExactly(lapsing.lockId());
        assertThat(settled.getFirst().owner()).isEqualTo("a");
        assertThat(settled.getFirst().expiresAt()).isEqualTo(lapsing.expiresAt());
        assertThat(locks().settleLapsed(List.of(lapsing), outbox())).as("settled once").isEmpty();
        assertThat(locks().lapsed(100)).isEmpty();
        assertThat(described(log())).containsExactly("1 lock.acquired lapsing " + lapsing.lockId(),
                "2 lock.acquired held " + held.lockId(), "3 lock.expired lapsing " + lapsing.lockId());
    }

    @Test
    default void theNextHolderSettlesALapsedLockInItsOwnCommit() {
        LockInfo lapsing = locks().acquire("r", "a", LAPSING_TTL, outbox()).orElseThrow();
        awaitLapsed(lapsing);
        LockInfo next = locks().acquire("r", "b", HELD_TTL, outbox()).orElseThrow();
        assertThat(next.fencingToken()).isGreaterThan(lapsing.fencingToken());
        assertThat(locks().lapsed(100)).isEmpty();
        assertThat(locks().settleLapsed(List.of(lapsing), outbox())).isEmpty();
        assertThat(described(log())).containsExactly("1 lock.acquired r " + lapsing.lockId(),
                "2 lock.expired r " + lapsing.lockId(), "3 lock.acquired r " + next.lockId());
    }

    @Test
    default void aLapsedLockSettledWithoutEventsIsNotToldLater() {
        LockInfo lapsing = locks().acquire("r", "a", LAPSING_TTL).orElseThrow();
        awaitLapsed(lapsing);
        locks().acquire("r", "b", HELD_TTL).orElseThrow();
        assertThat(locks().lapsed(100)).isEmpty();
        assertThat(log()).isEmpty();
    }
}
