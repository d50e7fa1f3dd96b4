package io.meridian.engine.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.lock.LockInfo;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LockServiceTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final LockService locks = new LockService(new InMemoryStore(now::get).locks());
    final Duration ttl = Duration.ofSeconds(10);

    @Test
    void resourceNamesMustBeOneToTwoHundredPrintableCharacters() {
        assertThatThrownBy(() -> locks.acquire("", "me", ttl)).hasMessage("resource must not be empty");
        assertThatThrownBy(() -> locks.acquire(null, "me", ttl)).hasMessage("resource must not be empty");
        assertThatThrownBy(() -> locks.acquire("x".repeat(201), "me", ttl))
                .hasMessage("resource must be at most 200 characters, got 201");
        assertThatThrownBy(() -> locks.get("a\nb")).hasMessage("resource must not contain control characters");
        assertThat(locks.acquire("x".repeat(200), "me", ttl)).isPresent();
        assertThat(locks.acquire("orders/2026/eu-west", "me", ttl)).isPresent();
    }

    @Test
    void ttlMustBeBetweenAHundredMillisecondsAndAnHour() {
        assertThatThrownBy(() -> locks.acquire("r", "me", Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be between 100 ms and 3600000 ms (1 h), got 99 ms");
        assertThatThrownBy(() -> locks.acquire("r", "me", Duration.ofHours(1).plusMillis(1)))
                .hasMessageContaining("got 3600001 ms");
        assertThatThrownBy(() -> locks.acquire("r", "me", null)).hasMessageContaining("got none");
        LockInfo lock = locks.acquire("r", "me", Duration.ofMillis(100)).orElseThrow();
        assertThatThrownBy(() -> locks.extend("r", lock.lockId(), Duration.ZERO)).hasMessageContaining("ttl");
        assertThat(locks.extend("r", lock.lockId(), Duration.ofHours(1))).isPresent();
    }

    @Test
    void ownerAndLockIdAreRequired() {
        assertThatThrownBy(() -> locks.acquire("r", " ", ttl)).hasMessage("owner must not be empty");
        assertThatThrownBy(() -> locks.release("r", "")).hasMessage("lock_id must not be empty");
        assertThatThrownBy(() -> locks.list("", 0)).hasMessage("limit must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> locks.list("", 1001)).hasMessageContaining("got 1001");
    }

    @Test
    void expiryFollowsTheStoresClock() {
        LockInfo first = locks.acquire("r", "a", ttl).orElseThrow();
        assertThat(locks.acquire("r", "b", ttl)).isEmpty();
        now.set(now.get().plus(ttl));
        LockInfo second = locks.acquire("r", "b", ttl).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(locks.release("r", first.lockId())).isFalse();
        assertThat(locks.list(null, 10)).containsExactly(second);
    }

    @Test
    void locksAnnounceAcquiredReleasedAndExpired() {
        InMemoryStore store = new InMemoryStore(now::get);
        LockService announced = new LockService(store.locks(), numberingAfterTheLog(store), now::get);
        LockInfo kept = announced.acquire("kept", "me", ttl).orElseThrow();
        LockInfo released = announced.acquire("released", "me", ttl).orElseThrow();
        announced.acquire("lapsed", "me", ttl).orElseThrow();
        assertThat(announced.release("released", released.lockId())).isTrue();
        now.set(now.get().plusSeconds(8));
        assertThat(announced.extend("kept", kept.lockId(), ttl)).isPresent();
        now.set(now.get().plusSeconds(3));

        assertThat(announced.sweepExpired()).isEqualTo(1);
        assertThat(announced.sweepExpired()).as("announced once").isZero();
        var events = store.events().read(io.meridian.store.event.EventQuery.after(0, 100));
        assertThat(events).extracting(e -> e.type().wireName() + " " + e.subject()).containsExactly(
                "lock.acquired kept", "lock.acquired released", "lock.acquired lapsed", "lock.released released",
                "lock.expired lapsed");
        assertThat(events.getLast().data()).containsEntry("owner", "me").containsKey("lock_id");
    }

    @Test
    void theNextHolderOfALapsedLockTellsItsExpiryInTheSameCommitAndOnlyOnce() {
        InMemoryStore store = new InMemoryStore(now::get);
        LockService announced = new LockService(store.locks(), numberingAfterTheLog(store), now::get);
        LockInfo lapsed = announced.acquire("r", "a", ttl).orElseThrow();
        now.set(now.get().plus(ttl));
        announced.acquire("r", "b", ttl).orElseThrow();
        assertThat(announced.sweepExpired()).as("already told by the acquisition").isZero();
        var events = store.events().read(io.meridian.store.event.EventQuery.after(0, 100));
        assertThat(events).extracting(e -> e.sequence() + " " + e.type().wireName() + " " + e.data().get("owner"))
                .containsExactly("1 lock.acquired a", "2 lock.expired a", "3 lock.acquired b");
        assertThat(events.get(1).data()).containsEntry("lock_id", lapsed.lockId());
    }

    /** Numbers a change's events after the store's last, as a leading coordinator's committer does. */
    private static LockService.Commits numberingAfterTheLog(InMemoryStore store) {
        return new LockService.Commits() {
            @Override
            public <T> T commit(java.util.function.Function<java.util.function.UnaryOperator<
                    java.util.List<io.meridian.store.event.EventRecord>>, T> change) {
                long last = store.events().lastSequence();
                return change.apply(events -> java.util.stream.IntStream.range(0, events.size())
                        .mapToObj(i -> events.get(i).numbered(last + i + 1)).toList());
            }
        };
    }
}
