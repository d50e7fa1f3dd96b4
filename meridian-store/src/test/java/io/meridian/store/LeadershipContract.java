package io.meridian.store;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.leader.FencedException;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Leadership} and fenced commits ({@link Store#fence}). Short real TTLs, as in {@link LockContract}. */
public interface LeadershipContract extends StoreAccess {

    Duration LEASE = Duration.ofSeconds(30);

    private Leadership leadership() {
        return storeUnderTest().leadership();
    }

    @Test
    default void oneNodeLeadsAndTheOthersAreRefused() {
        Term a = leadership().acquire("node-a", "http://a:7070", LEASE).orElseThrow();
        assertThat(a.nodeId()).isEqualTo("node-a");
        assertThat(leadership().acquire("node-b", "http://b:7070", LEASE)).isEmpty();
        LeaderInfo leader = leadership().leader().orElseThrow();
        assertThat(leader.nodeId()).isEqualTo("node-a");
        assertThat(leader.address()).isEqualTo("http://a:7070");
        assertThat(leader.epoch()).isEqualTo(a.epoch());
        leadership().resign(a);
    }

    @Test
    default void theLeaderRenewsWithinItsTerm() {
        Term a = leadership().acquire("node-a", "http://a", Duration.ofSeconds(2)).orElseThrow();
        LeaderInfo before = leadership().leader().orElseThrow();
        assertThat(leadership().renew(a, LEASE)).isTrue();
        assertThat(leadership().leader().orElseThrow().expiresAt()).isAfter(before.expiresAt());
        assertThat(leadership().acquire("node-a", "http://a", LEASE)).contains(a);
        assertThat(leadership().renew(new Term("node-b", a.epoch()), LEASE)).isFalse();
        leadership().resign(a);
    }

    @Test
    default void resigningLetsAnotherNodeTakeOverAtOnceInANewEpoch() {
        Term a = leadership().acquire("node-a", "http://a", LEASE).orElseThrow();
        leadership().resign(a);
        assertThat(leadership().leader()).isEmpty();
        Term b = leadership().acquire("node-b", "http://b", LEASE).orElseThrow();
        assertThat(b.epoch()).isGreaterThan(a.epoch());
        assertThat(leadership().renew(a, LEASE)).isFalse();
        leadership().resign(a);
        assertThat(leadership().leader().map(LeaderInfo::nodeId)).contains("node-b");
        leadership().resign(b);
    }

    @Test
    default void aLapsedLeaseIsTakenOverInANewEpoch() {
        Term a = leadership().acquire("node-a", "http://a", Duration.ofMillis(300)).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> leadership().leader().isEmpty());
        Term b = leadership().acquire("node-b", "http://b", LEASE).orElseThrow();
        assertThat(b.epoch()).isGreaterThan(a.epoch());
        assertThat(leadership().renew(a, LEASE)).isFalse();
        assertThat(leadership().leader().map(LeaderInfo::epoch)).contains(b.epoch());
        leadership().resign(b);
    }

    @Test
    default void aFencedStoreWritesOnlyWhileItsEpochLeads() {
        Term a = leadership().acquire("node-a", "http://a", LEASE).orElseThrow();
        storeUnderTest().fence(a.epoch());
        write(new PutExecution(execution("while-leading", null, at(0))));
        assertThat(storeUnderTest().execution("while-leading")).isPresent();

        leadership().resign(a);
        Term b = leadership().acquire("node-b", "http://b", LEASE).orElseThrow();
        List<StoreWrite> late = List.of(new PutExecution(execution("after-deposed", null, at(1))),
                new StoreWrite.PutJob(StoreFixtures.queuedJob("late-job", at(1))));
        assertThatThrownBy(() -> storeUnderTest().commit(late)).isInstanceOf(FencedException.class);
        assertThat(storeUnderTest().execution("after-deposed")).isEmpty();
        assertThat(storeUnderTest().job("late-job")).isEmpty();

        storeUnderTest().fence(b.epoch());
        write(new PutExecution(execution("new-leader", null, at(2))));
        assertThat(storeUnderTest().execution("new-leader")).isPresent();
        leadership().resign(b);
    }
}
