package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.engine.registry.WorkerLimits;
import io.meridian.engine.registry.WorkerStatus;
import io.meridian.engine.testing.SettableClock;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An offline worker stays listed, with its last state, for the retention period; at most so many are kept; and
 * registrations are capped.
 */
class OfflineWorkersTest {
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(),
            EngineSettings.DEFAULT.withWorkerLimits(new WorkerLimits(4, Duration.ofMinutes(10), 3)), clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void aDeregisteredWorkerIsListedOfflineUntilItsRetentionEnds() {
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        coordinator.leases().deregister("w", w.session.sessionSecret());
        clock.advance(Duration.ofMinutes(9));
        coordinator.tick();
        WorkerRegistry.Worker listed = coordinator.workers().getFirst();
        assertThat(listed.status()).isEqualTo(WorkerStatus.OFFLINE);
        assertThat(listed.offlineSince()).isNotNull();
        assertThat(listed.registration.host()).as("its last state").isEqualTo("test");

        clock.advance(Duration.ofMinutes(2));
        coordinator.tick();
        assertThat(coordinator.workers()).isEmpty();
    }

    @Test
    void aSilentWorkerGoesOfflineAndStaysListed() {
        new TestWorker(coordinator.leases(), "silent");
        clock.advance(EngineSettings.DEFAULT.heartbeatTimeout().multipliedBy(2).plusSeconds(1));
        coordinator.tick();
        coordinator.tick();
        clock.advance(Duration.ofMinutes(5));
        coordinator.tick();
        assertThat(coordinator.workers()).singleElement().extracting(WorkerRegistry.Worker::status)
                .isEqualTo(WorkerStatus.OFFLINE);
    }

    @Test
    void atMostTheConfiguredNumberOfOfflineWorkersAreKeptTheLongestOfflineGoFirst() {
        for (int i = 0; i < 5; i++) {
            TestWorker w = new TestWorker(coordinator.leases(), "w" + i);
            coordinator.leases().deregister(w.id, w.session.sessionSecret());
            clock.advance(Duration.ofSeconds(1));
        }
        TestWorker live = new TestWorker(coordinator.leases(), "live");
        coordinator.tick();
        assertThat(coordinator.workers()).extracting(WorkerRegistry.Worker::id)
                .containsExactlyInAnyOrder("w2", "w3", "w4", live.id);
    }

    @Test
    void registrationsAreCappedAndASlotFreesWhenAWorkerLeaves() {
        java.util.List<TestWorker> four = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(new TestWorker(coordinator.leases(), "w" + i));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TestWorker(coordinator.leases(), "fifth"))
                .isInstanceOf(io.meridian.protocol.lease.WorkerLimitReached.class).hasMessageContaining("4");
        TestWorker first = four.getFirst();
        first.protocol.register(first.registration, first.session.sessionSecret());
        assertThat(coordinator.workers()).as("renewing a registration takes no new slot").hasSize(4);

        coordinator.leases().deregister("w0", first.session.sessionSecret());
        new TestWorker(coordinator.leases(), "fifth");
        assertThat(coordinator.workers()).filteredOn(w -> w.status() != WorkerStatus.OFFLINE).hasSize(4);
    }
}
