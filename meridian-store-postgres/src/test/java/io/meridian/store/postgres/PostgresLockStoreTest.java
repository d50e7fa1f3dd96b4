package io.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link PostgresLockStore} promises, one operation at a time. Contention is in {@link LockContentionTest}. */
class PostgresLockStoreTest extends FreshSchema {

    private static final Duration LONG = Duration.ofMinutes(5);
    private LockStore locks;

    @BeforeEach
    void locks() {
        locks = store.locks();
    }

    @Test
    void aHeldLockCannotBeTakenAndReadsBackAsAcquired() {
        LockInfo held = locks.acquire("r", "alice", LONG).orElseThrow();

        assertThat(locks.acquire("r", "bob", LONG)).isEmpty();
        assertThat(locks.get("r")).contains(held);
        assertThat(held.owner()).isEqualTo("alice");
        assertThat(Duration.between(held.acquiredAt(), held.expiresAt())).isEqualTo(LONG);
    }

    @Test
    void onlyTheHoldingLockIdReleasesAndTheNextHolderGetsAHigherToken() {
        LockInfo first = locks.acquire("r", "alice", LONG).orElseThrow();

        assertThat(locks.release("r", "someone-else")).isFalse();
        assertThat(locks.release("other-resource", first.lockId())).isFalse();
        assertThat(locks.release("r", first.lockId())).isTrue();
        assertThat(locks.release("r", first.lockId())).as("released twice").isFalse();
        assertThat(locks.get("r")).isEmpty();

        LockInfo second = locks.acquire("r", "bob", LONG).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(second.lockId()).isNotEqualTo(first.lockId());
        assertThat(locks.release("r", first.lockId())).as("an old holder cannot release the new one").isFalse();
        assertThat(locks.get("r")).contains(second);
    }

    @Test
    void onlyTheHolderExtendsAndTheTokenStaysTheSame() {
        LockInfo held = locks.acquire("r", "alice", Duration.ofSeconds(30)).orElseThrow();

        Optional<LockInfo> extended = locks.extend("r", held.lockId(), LONG);

        assertThat(extended).isPresent();
        assertThat(extended.get().fencingToken()).isEqualTo(held.fencingToken());
        assertThat(extended.get().expiresAt()).isAfter(held.expiresAt());
        assertThat(locks.extend("r", "someone-else", LONG)).isEmpty();
        locks.release("r", held.lockId());
        assertThat(locks.extend("r", held.lockId(), LONG)).as("released").isEmpty();
    }

    @Test
    void anExpiredLockIsFreeAndItsHolderCanNeitherExtendNorReleaseIt() {
        LockInfo brief = locks.acquire("r", "alice", Duration.ofMillis(200)).orElseThrow();

        LockInfo next = await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.acquire("r", "bob", LONG), Optional::isPresent).orElseThrow();

        assertThat(next.fencingToken()).isGreaterThan(brief.fencingToken());
        assertThat(locks.extend("r", brief.lockId(), LONG)).isEmpty();
        assertThat(locks.release("r", brief.lockId())).isFalse();
        assertThat(locks.get("r")).contains(next);
    }

    @Test
    void expiryIsSetByTheDatabaseClock() throws SQLException {
        Instant before = databaseNow();
        LockInfo held = locks.acquire("r", "alice", LONG).orElseThrow();
        Instant after = databaseNow();

        assertThat(held.acquiredAt()).isBetween(before, after);
        assertThat(held.expiresAt()).isBetween(before.plus(LONG), after.plus(LONG));
    }

    @Test
    void tokensGrowAcrossResources() {
        long a = locks.acquire("a", "x", LONG).orElseThrow().fencingToken();
        long b = locks.acquire("b", "x", LONG).orElseThrow().fencingToken();
        long c = locks.acquire("a/child", "x", LONG).orElseThrow().fencingToken();
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
    }

    @Test
    void listShowsUnexpiredLocksByPrefixInResourceOrder() {
        locks.acquire("job/b", "x", LONG);
        locks.acquire("job/a", "x", LONG);
        locks.acquire("job/c", "x", LONG);
        locks.acquire("jobs", "x", LONG);
        locks.acquire("job%", "x", LONG);
        LockInfo released = locks.acquire("job/released", "x", LONG).orElseThrow();
        locks.release("job/released", released.lockId());

        assertThat(locks.list("job/", 10)).extracting(LockInfo::resource).containsExactly("job/a", "job/b", "job/c");
        assertThat(locks.list("job/", 2)).extracting(LockInfo::resource).containsExactly("job/a", "job/b");
        assertThat(locks.list("job%", 10)).as("no wildcards").extracting(LockInfo::resource).containsExactly("job%");
        assertThat(locks.list("", 10)).hasSize(5);
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> locks.acquire("r", "x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl must be positive");
    }

    private Instant databaseNow() throws SQLException {
        try (Connection c = TestPostgres.connect(LocationParser.parse(TestPostgres.LOCATION));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
