package io.meridian.store.postgres;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.store.StoreWrite;
import io.meridian.store.StoreWrite.PutJob;
import io.meridian.store.leader.FencedException;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Term;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two coordinators, each with its own {@link PostgresStore} on one schema, competing for leadership. */
class LeadershipTest extends FreshSchema {

    static final Duration LONG = Duration.ofMinutes(5);
    static final Duration SHORT = Duration.ofMillis(300);

    PostgresStore a;
    PostgresStore b;

    @BeforeEach
    void twoCoordinators() {
        a = store;
        b = TestPostgres.openStore(schema);
    }

    @AfterEach
    void closeSecond() {
        b.close();
    }

    @Test
    void onlyOneLeadsAndBothSeeWho() {
        Term term = a.leadership().acquire("a", "http://a:7070", LONG).orElseThrow();

        assertThat(term).isEqualTo(new Term("a", 1));
        assertThat(b.leadership().acquire("b", "http://b:7070", LONG)).isEmpty();
        LeaderInfo seenByB = b.leadership().leader().orElseThrow();
        assertThat(seenByB.nodeId()).isEqualTo("a");
        assertThat(seenByB.address()).isEqualTo("http://a:7070");
        assertThat(seenByB.epoch()).isEqualTo(1);
        assertThat(a.leadership().leader()).contains(seenByB);
    }

    @Test
    void theLeaderRenewsWithinItsTermAndAcquiringAgainKeepsTheEpoch() {
        Term term = a.leadership().acquire("a", "http://a", LONG).orElseThrow();

        assertThat(a.leadership().renew(term, LONG)).isTrue();
        assertThat(a.leadership().acquire("a", "http://a", LONG)).contains(term);
        assertThat(b.leadership().renew(new Term("b", term.epoch()), LONG)).as("not b's term").isFalse();
    }

    @Test
    void afterExpiryAnotherNodeTakesOverWithTheNextEpochAndTheOldTermCannotRenew() {
        Term old = a.leadership().acquire("a", "http://a", SHORT).orElseThrow();

        Term taken = awaitLeadership(b, "b");

        assertThat(taken.epoch()).isEqualTo(old.epoch() + 1);
        assertThat(a.leadership().renew(old, LONG)).isFalse();
        assertThat(a.leadership().acquire("a", "http://a", LONG)).isEmpty();
        assertThat(a.leadership().leader().map(LeaderInfo::nodeId)).contains("b");
    }

    @Test
    void aResignationLetsTheNextNodeInAtOnce() {
        Term old = a.leadership().acquire("a", "http://a", LONG).orElseThrow();

        a.leadership().resign(old);

        assertThat(a.leadership().leader()).isEmpty();
        assertThat(b.leadership().acquire("b", "http://b", LONG)).contains(new Term("b", old.epoch() + 1));
        a.leadership().resign(old);
        assertThat(b.leadership().leader().map(LeaderInfo::nodeId)).as("a stale resign changes nothing").contains("b");
    }

    @Test
    void aNodeReturningAfterItsOwnLeaseLapsedStartsANewTerm() {
        Term old = a.leadership().acquire("a", "http://a", SHORT).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership().leader().isEmpty());

        assertThat(a.leadership().acquire("a", "http://a", LONG)).contains(new Term("a", old.epoch() + 1));
    }

    @Test
    void aFencedLeadersCommitsLandWhileItsTermLasts() {
        Term term = a.leadership().acquire("a", "http://a", LONG).orElseThrow();
        a.fence(term.epoch());

        a.commit(List.of(new PutJob(queuedJob("j1", at(0)))));

        assertThat(b.job("j1")).isPresent();
    }

    @Test
    void aDeposedLeadersCommitIsRefusedAndChangesNothing() {
        Term old = a.leadership().acquire("a", "http://a", SHORT).orElseThrow();
        a.fence(old.epoch());
        a.commit(List.of(new PutJob(queuedJob("before", at(0)))));
        Term next = awaitLeadership(b, "b");
        b.fence(next.epoch());

        List<StoreWrite> late = List.of(new PutJob(queuedJob("late", at(1))),
                new PutJob(queuedJob("before", io.meridian.model.execution.JobStatus.CANCELLED, at(2))));
        assertThatThrownBy(() -> a.commit(late)).isInstanceOf(FencedException.class)
                .hasMessageContaining("term " + old.epoch() + " is over").hasMessageContaining("term " + next.epoch());
        assertThatThrownBy(() -> a.deleteJobs(java.util.Set.of(io.meridian.model.execution.JobStatus.WAITING), at(99)))
                .isInstanceOf(FencedException.class);

        assertThat(b.job("late")).isEmpty();
        assertThat(b.job("before")).contains(queuedJob("before", at(0)));
        b.commit(List.of(new PutJob(queuedJob("by-new-leader", at(3)))));
        assertThat(a.job("by-new-leader")).isPresent();
    }

    @Test
    void aLeaderWhoseLeaseLapsedCannotWriteEvenBeforeAnyoneTakesOver() {
        Term term = a.leadership().acquire("a", "http://a", SHORT).orElseThrow();
        a.fence(term.epoch());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership().leader().isEmpty());

        assertThatThrownBy(() -> a.commit(List.of(new PutJob(queuedJob("late", at(1))))))
                .isInstanceOf(FencedException.class).hasMessageContaining("expired");
        assertThat(a.job("late")).isEmpty();
    }

    static Term awaitLeadership(PostgresStore store, String node) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> store.leadership().acquire(node, "http://" + node, LONG), Optional::isPresent)
                .orElseThrow();
    }
}
