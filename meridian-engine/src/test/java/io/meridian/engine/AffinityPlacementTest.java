package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.testing.SettableClock;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job's own placement (fields of the job, not of its payload) decides which worker gets it. */
class AffinityPlacementTest {
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(), EngineSettings.DEFAULT, clock);
    final TestWorker a = new TestWorker(coordinator.leases(), "a");
    final TestWorker b = new TestWorker(coordinator.leases(), "b");

    @AfterEach
    void close() {
        coordinator.close();
    }

    private static JobSpec keyed(String key) {
        return JobQueueTest.job("t", 5).withPlacement("affinity", key);
    }

    @Test
    void jobsWithTheSameAffinityKeyWaitForTheWorkerBoundToItWhileItIsHealthy() {
        coordinator.submit(keyed("customer-7"), null);
        LeaseGrant first = a.take(1).get(0);
        assertThat(first.placementStrategy()).isEqualTo("affinity");
        assertThat(first.affinityKey()).isEqualTo("customer-7");
        assertThat(first.payload().has("placement")).isFalse();
        a.succeed(first.lease(), null);

        String second = coordinator.submit(keyed("customer-7"), null).id();
        assertThat(b.take(1)).as("customer-7 is a's key, and a is healthy").isEmpty();
        assertThat(a.take(1)).extracting(g -> g.lease().jobId()).containsExactly(second);

        String other = coordinator.submit(keyed("customer-8"), null).id();
        assertThat(b.take(1)).as("a new key goes to whoever asks").extracting(g -> g.lease().jobId())
                .containsExactly(other);
    }

    @Test
    void aJobWithoutItsOwnPlacementIsPlacedByTheDefaultAndItsLeaseSaysSo() {
        coordinator.submit(JobQueueTest.job("t", 5), null);
        LeaseGrant g = a.take(1).get(0);
        assertThat(g.placementStrategy()).isNull();
        assertThat(g.affinityKey()).isNull();
    }

    @Test
    void aJobRefusesAnAffinityKeyWithoutTheAffinityStrategyAndAnUnknownStrategy() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobQueueTest.job("t", 5)
                        .withPlacement("round_robin", "k"))
                .hasMessageContaining("an affinity key only applies with placement strategy affinity");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobQueueTest.job("t", 5)
                        .withPlacement("leastloaded", null))
                .hasMessageContaining("unknown placement strategy 'leastloaded'");
    }
}
