package io.meridian.engine.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.StoreException;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The elector's rules, one {@code step()} at a time with a settable monotonic clock. The lease table here is a
 * small in-test model judged by the same clock (the stores' own leadership is covered by their contract tests).
 */
class LeaderElectorTest {
    static final LeadershipSettings SETTINGS = new LeadershipSettings(Duration.ofSeconds(6), Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Table table = new Table();
    final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    LeaderElector node(String id) {
        return new LeaderElector(table, id, "http://" + id, SETTINGS, nanos::get, new LeaderElector.Listener() {
            @Override
            public void elected(Term term) {
                events.add(id + " elected " + term.epoch());
            }

            @Override
            public void deposed(Term term, String reason) {
                events.add(id + " deposed " + term.epoch() + ": " + reason);
            }
        });
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theFirstNodeLeadsTheSecondWaitsAndTakesOverOnlyAfterExpiry() {
        LeaderElector a = node("a");
        LeaderElector b = node("b");
        a.step();
        b.step();
        assertThat(events).containsExactly("a elected 1");
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        advance(Duration.ofSeconds(5)); // a is silent (dead) but its lease runs 6 s
        b.step();
        assertThat(b.isLeader()).isFalse();
        advance(Duration.ofSeconds(2));
        b.step();
        assertThat(events).containsExactly("a elected 1", "b elected 2");
    }

    @Test
    void aLeaderThatRenewsKeepsLeading() {
        LeaderElector a = node("a");
        LeaderElector b = node("b");
        a.step();
        for (int i = 0; i < 10; i++) {
            advance(Duration.ofSeconds(2));
            a.step();
            b.step();
        }
        assertThat(events).containsExactly("a elected 1");
        assertThat(table.renewals).isEqualTo(10);
    }

    @Test
    void aLeaderCutOffFromTheStoreStepsDownBeforeItsLeaseCanEnd() {
        LeaderElector a = node("a");
        a.step();
        table.down = true;
        advance(Duration.ofSeconds(2));
        a.step(); // renewal fails; still within its own deadline
        assertThat(a.isLeader()).isTrue();
        advance(Duration.ofMillis(3100)); // 5.1 s since the last successful renewal was sent: past ttl - margin
        a.step();
        assertThat(a.isLeader()).isFalse();
        assertThat(events.getLast()).startsWith("a deposed 1: the leadership lease could not be renewed in time");
        // ...and at that instant the store still considers the lease valid: nobody else can lead yet.
        assertThat(table.expiresAtNanos).isGreaterThan(nanos.get());
    }

    @Test
    void aPausedLeaderStepsDownOnWakingBeforeAnythingElse() {
        LeaderElector a = node("a");
        LeaderElector b = node("b");
        a.step();
        advance(Duration.ofSeconds(30)); // SIGSTOP
        b.step();
        a.step(); // wakes: its deadline has long passed, it does not even try to renew
        assertThat(events).containsExactly("a elected 1", "b elected 2",
                "a deposed 1: the leadership lease could not be renewed in time (store unreachable or this process "
                        + "was paused); stepping down before it can have ended");
        assertThat(table.renewals).isZero();
    }

    @Test
    void aLeaderWhoseRenewalIsRefusedStepsDownAtOnce() {
        LeaderElector a = node("a");
        a.step();
        table.steal("z");
        advance(Duration.ofSeconds(2));
        a.step();
        assertThat(events.getLast()).isEqualTo("a deposed 1: another coordinator holds the leadership now");
    }

    @Test
    void anUnfitLeaderResignsSoLeadershipIsTakenAfresh() {
        LeaderElector a = node("a").fitness(() -> Optional.of("the group commit failed"));
        LeaderElector b = node("b");
        a.step();
        a.step();
        assertThat(events.getLast()).startsWith("a deposed 1: this coordinator cannot commit (the group commit failed)");
        b.step();
        assertThat(events.getLast()).isEqualTo("b elected 2");
    }

    @Test
    void anErrorInTheLoopMakesTheLeaderResignAtOnce() {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        LeaderElector a = node("a").fitness(() -> {
            if (failing.get()) {
                throw new OutOfMemoryError("Java heap space");
            }
            return Optional.empty();
        }).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
            failing.set(true);
            a.checkNow();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !a.isLeader());
            assertThat(events).contains("a deposed 1: the leadership loop hit OutOfMemoryError");
            assertThat(table.leader()).as("resigned in the store, not left to run out").isEmpty();
        } finally {
            failing.set(false);
            a.close();
        }
    }

    /** The leadership row, judged by the test's clock. */
    final class Table implements Leadership {
        String holder;
        long epoch;
        long expiresAtNanos;
        boolean down;
        int renewals;

        @Override
        public synchronized Optional<Term> acquire(String nodeId, String address, Duration ttl) {
            check();
            if (holder != null && !holder.equals(nodeId) && nanos.get() < expiresAtNanos) {
                return Optional.empty();
            }
            if (!nodeId.equals(holder) || nanos.get() >= expiresAtNanos) {
                epoch++;
            }
            holder = nodeId;
            expiresAtNanos = nanos.get() + ttl.toNanos();
            return Optional.of(new Term(nodeId, epoch));
        }

        @Override
        public synchronized boolean renew(Term term, Duration ttl) {
            check();
            if (!term.nodeId().equals(holder) || term.epoch() != epoch || nanos.get() >= expiresAtNanos) {
                return false;
            }
            renewals++;
            expiresAtNanos = nanos.get() + ttl.toNanos();
            return true;
        }

        @Override
        public synchronized void resign(Term term) {
            check();
            if (term.nodeId().equals(holder) && term.epoch() == epoch) {
                expiresAtNanos = nanos.get();
            }
        }

        @Override
        public synchronized Optional<LeaderInfo> leader() {
            check();
            return holder == null || nanos.get() >= expiresAtNanos ? Optional.empty()
                    : Optional.of(new LeaderInfo(holder, "http://" + holder, epoch, Instant.EPOCH));
        }

        synchronized void steal(String nodeId) {
            holder = nodeId;
            epoch++;
            expiresAtNanos = nanos.get() + SETTINGS.ttl().toNanos();
        }

        private void check() {
            if (down) {
                throw new StoreException("connection refused");
            }
        }
    }
}
