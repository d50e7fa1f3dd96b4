package io.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link LockStore}. Expiry is judged by the store's clock, which on a shared database is the database's own,
 * so these tests use short real TTLs and wait with Awaitility rather than moving a clock.
 */
public interface LockContract extends StoreAccess {

    Duration LONG = Duration.ofSeconds(30);
    Duration SHORT = Duration.ofMillis(300);

    private LockStore locks() {
        return storeUnderTest().locks();
    }

    private void awaitFree(String resource) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> locks().get(resource).isEmpty());
    }

    @Test
    default void aFreeLockIsAcquiredAndReadBack() {
        LockInfo lock = locks().acquire("reports/daily", "worker-1", LONG).orElseThrow();
        assertThat(lock.resource()).isEqualTo("reports/daily");
        assertThat(lock.owner()).isEqualTo("worker-1");
        assertThat(lock.lockId()).isNotBlank();
        assertThat(lock.fencingToken()).isPositive();
        assertThat(Duration.between(lock.acquiredAt(), lock.expiresAt())).isEqualTo(LONG);
        assertThat(locks().get("reports/daily")).contains(lock);
        assertThat(locks().get("reports/weekly")).isEmpty();
    }

    @Test
    default void aHeldLockIsRefusedToEveryoneElseAndToItsHolderAgain() {
        LockInfo held = locks().acquire("r", "a", LONG).orElseThrow();
        assertThat(locks().acquire("r", "b", LONG)).isEmpty();
        assertThat(locks().acquire("r", "a", LONG)).isEmpty();
        assertThat(locks().get("r")).contains(held);
    }

    @Test
    default void onlyTheHoldersLockIdReleasesAndTheNextHolderGetsAHigherToken() {
        LockInfo first = locks().acquire("r", "a", LONG).orElseThrow();
        assertThat(locks().release("r", "someone-elses-id")).isFalse();
        assertThat(locks().release("other", first.lockId())).isFalse();
        assertThat(locks().get("r")).contains(first);
        assertThat(locks().release("r", first.lockId())).isTrue();
        assertThat(locks().release("r", first.lockId())).isFalse();
        assertThat(locks().get("r")).isEmpty();
        LockInfo second = locks().acquire("r", "b", LONG).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(second.lockId()).isNotEqualTo(first.lockId());
    }

    @Test
    default void extendingMovesTheExpiryAndKeepsTheToken() {
        LockInfo lock = locks().acquire("r", "a", SHORT).orElseThrow();
        LockInfo extended = locks().extend("r", lock.lockId(), LONG).orElseThrow();
        assertThat(extended.fencingToken()).isEqualTo(lock.fencingToken());
        assertThat(extended.lockId()).isEqualTo(lock.lockId());
        assertThat(extended.acquiredAt()).isEqualTo(lock.acquiredAt());
        assertThat(extended.expiresAt()).isAfter(lock.expiresAt());
        assertThat(locks().get("r")).contains(extended);
        assertThat(locks().extend("r", "not-the-holder", LONG)).isEmpty();
        assertThat(locks().extend("missing", lock.lockId(), LONG)).isEmpty();
    }

    @Test
    default void locksAreListedByResourcePrefixInOrder() {
        locks().acquire("jobs/b", "x", LONG).orElseThrow();
        locks().acquire("other", "x", LONG).orElseThrow();
        locks().acquire("jobs/a", "x", LONG).orElseThrow();
        locks().acquire("jobsx", "x", LONG).orElseThrow();
        assertThat(locks().list("jobs/", 10)).extracting(LockInfo::resource).containsExactly("jobs/a", "jobs/b");
        assertThat(locks().list("jobs/", 1)).extracting(LockInfo::resource).containsExactly("jobs/a");
        assertThat(locks().list("", 10)).extracting(LockInfo::resource)
                .containsExactly("jobs/a", "jobs/b", "jobsx", "other");
        assertThat(locks().list("nothing/", 10)).isEmpty();
    }

    @Test
    default void anExpiredLockGoesToTheNextTakerWithAHigherTokenAndTheOldIdIsPowerless() {
        LockInfo lapsed = locks().acquire("r", "slow", SHORT).orElseThrow();
        locks().acquire("unrelated", "x", LONG).orElseThrow();
        awaitFree("r");
        assertThat(locks().list("", 10)).extracting(LockInfo::resource).containsExactly("unrelated");
        LockInfo next = locks().acquire("r", "fast", LONG).orElseThrow();
        assertThat(next.fencingToken()).isGreaterThan(lapsed.fencingToken());
        assertThat(locks().release("r", lapsed.lockId())).isFalse();
        assertThat(locks().extend("r", lapsed.lockId(), LONG)).isEmpty();
        assertThat(locks().get("r")).contains(next);
    }

    @Test
    default void anExpiredLockCannotBeExtendedOrReleasedEvenIfNobodyTookIt() {
        LockInfo lapsed = locks().acquire("r", "slow", SHORT).orElseThrow();
        awaitFree("r");
        assertThat(locks().extend("r", lapsed.lockId(), LONG)).isEmpty();
        assertThat(locks().release("r", lapsed.lockId())).isFalse();
    }

    /**
     * The lost-update fuzz: threads increment a plain counter with a read-pause-write while holding the lock.
     * Any overlap of two holders loses an increment; fencing tokens, recorded inside the critical section,
     * must grow strictly in the order the holders came.
     */
    @Test
    default void lockHoldersNeverOverlap() throws Exception {
        int threads = 4;
        int incrementsEach = 15;
        int[] counter = {0};
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "thread-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsEach; ) {
                        Optional<LockInfo> lock = locks().acquire("counter", owner, LONG);
                        if (lock.isEmpty()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        tokens.add(lock.get().fencingToken());
                        int read = counter[0];
                        Thread.sleep(1);
                        counter[0] = read + 1;
                        assertThat(locks().release("counter", lock.get().lockId())).isTrue();
                        i++;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(counter[0]).isEqualTo(threads * incrementsEach);
        assertThat(tokens).hasSize(threads * incrementsEach).isSorted().doesNotHaveDuplicates();
    }
}
