package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.leader.Term;
import io.meridian.store.lock.LockInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks and leadership judge expiry by the injected clock, so a test can move time instead of waiting. */
class SqliteClockTest {

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));

    private SqliteStore open() {
        return new SqliteStore(dir.resolve("clock.db"), SqliteOptions.DEFAULT, now::get);
    }

    @Test
    void aLockLapsesWhenTheClockPassesItsExpiry() {
        try (SqliteStore store = open()) {
            LockInfo lock = store.locks().acquire("r", "a", Duration.ofMinutes(5)).orElseThrow();
            assertThat(lock.acquiredAt()).isEqualTo(now.get());
            now.set(now.get().plus(Duration.ofMinutes(5)).minusMillis(1));
            assertThat(store.locks().acquire("r", "b", Duration.ofMinutes(5))).isEmpty();
            now.set(now.get().plusMillis(1));
            assertThat(store.locks().get("r")).isEmpty();
            assertThat(store.locks().acquire("r", "b", Duration.ofMinutes(5)).orElseThrow().fencingToken())
                    .isGreaterThan(lock.fencingToken());
        }
    }

    @Test
    void locksTokensAndTheEpochSurviveAReopen() {
        long token;
        Term term;
        try (SqliteStore store = open()) {
            token = store.locks().acquire("r", "a", Duration.ofMinutes(5)).orElseThrow().fencingToken();
            term = store.leadership().acquire("node-a", "http://a", Duration.ofMinutes(1)).orElseThrow();
        }
        try (SqliteStore store = open()) {
            assertThat(store.locks().get("r").map(LockInfo::fencingToken)).contains(token);
            assertThat(store.leadership().acquire("node-b", "http://b", Duration.ofMinutes(1))).isEmpty();
            now.set(now.get().plus(Duration.ofMinutes(1)));
            assertThat(store.leadership().acquire("node-b", "http://b", Duration.ofMinutes(1)).orElseThrow().epoch())
                    .isEqualTo(term.epoch() + 1);
        }
    }
}
