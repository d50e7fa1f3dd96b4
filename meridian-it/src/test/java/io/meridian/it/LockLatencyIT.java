package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.event.EventType;
import io.meridian.store.Store;
import io.meridian.store.embedded.SqliteStore;
import io.meridian.store.event.EventRecord;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.postgres.PostgresStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What committing a lock's events with its change costs a caller, on SQLite and PostgreSQL: a leading coordinator's
 * acquire + release, each now one transaction with its event on the committer's thread, against the way it was
 * done before (the lock store's own transaction, then the event committed through the group committer after it).
 * Prints the medians and 99th percentiles; fails if the committed path's median is more than twice the other's.
 */
class LockLatencyIT {
    static final int ROUNDS = 400;
    static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sqlite() {
        try (Store store = new SqliteStore(dir.resolve("locks.db"))) {
            measure("SQLite", store);
        }
    }

    @Test
    void postgres() throws Exception {
        try (TestPostgres pg = TestPostgres.requireOrSkip(); Store store = PostgresStore.open(pg.location())) {
            measure("PostgreSQL", store);
        }
    }

    private static void measure(String name, Store store) {
        try (Coordinator c = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE,
                Duration.ofMillis(100))) {
            long[] before = new long[ROUNDS];
            long[] committed = new long[ROUNDS];
            for (int round = -1; round < 2; round++) { // round -1 warms up both paths
                for (int i = 0; i < ROUNDS; i++) {
                    long t0 = System.nanoTime();
                    LockInfo lock = store.locks().acquire("r" + i, "bench", TTL).orElseThrow();
                    c.announce(event(EventType.LOCK_ACQUIRED, lock));
                    store.locks().release(lock.resource(), lock.lockId());
                    c.announce(event(EventType.LOCK_RELEASED, lock));
                    long t1 = System.nanoTime();
                    LockInfo taken = c.locks().acquire("s" + i, "bench", TTL).orElseThrow();
                    c.locks().release(taken.resource(), taken.lockId());
                    long t2 = System.nanoTime();
                    if (round >= 0) {
                        before[i] = t1 - t0;
                        committed[i] = t2 - t1;
                    }
                }
            }
            double[] old = percentiles(before);
            double[] now = percentiles(committed);
            System.out.printf("%s, acquire + release through a leading coordinator (ms): lock store then event "
                    + "commit p50 %.2f p99 %.2f; one transaction each with its event p50 %.2f p99 %.2f%n",
                    name, old[0], old[1], now[0], now[1]);
            assertThat(now[0]).isLessThanOrEqualTo(2 * old[0]);
        }
    }

    private static EventRecord event(EventType type, LockInfo lock) {
        return EventRecord.unnumbered(type, Instant.now(), null, lock.resource(),
                Map.of("resource", lock.resource(), "lock_id", lock.lockId()));
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6};
    }
}
