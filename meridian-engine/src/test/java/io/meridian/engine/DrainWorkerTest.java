package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker drained for a pool's scale-down gets no new job, keeps (and renews, and reports) the ones it holds, and
 * says how many it still holds, so it is stopped only once idle.
 */
class DrainWorkerTest {
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(), EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void aDrainingWorkerFinishesWhatItHoldsAndTakesNothingNew() {
        coordinator.submit(WaitingDemandTest.needing(), null);
        coordinator.submit(WaitingDemandTest.needing(), null);
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        List<LeaseGrant> held = w.take(1);
        assertThat(held).hasSize(1);

        assertThat(coordinator.drainWorker("w")).isEqualTo(1);
        assertThat(coordinator.workers()).singleElement().extracting(WorkerRegistry.Worker::draining).isEqualTo(true);
        assertThat(w.take(4)).as("no new job while draining, though one waits").isEmpty();
        for (int s = 0; s < 8; s++) { // past the lease TTL (10 s), heartbeating as a worker does
            clock.advance(Duration.ofSeconds(2));
            assertThat(w.renew(held.getFirst().lease()).revoked()).as("its lease is renewed as usual").isEmpty();
            coordinator.tick();
        }
        assertThat(coordinator.drainWorker("w")).as("still its job, past the first lease period").isEqualTo(1);
        assertThat(w.succeed(held.getFirst().lease(), Json.object()).refused()).isEmpty();
        assertThat(coordinator.drainWorker("w")).as("idle: safe to stop").isZero();

        assertThat(new TestWorker(coordinator.leases(), "v").take(4)).as("the waiting job goes elsewhere").hasSize(1);
        assertThat(coordinator.drainWorker("nobody")).isEqualTo(-1);
    }

    @Test
    void anUndrainedWorkerTakesJobsAgain() {
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        assertThat(coordinator.drainWorker("w")).isZero();
        coordinator.submit(WaitingDemandTest.needing(), null);
        assertThat(w.take(1)).isEmpty();
        assertThat(coordinator.undrainWorker("w")).isTrue();
        assertThat(w.take(1)).hasSize(1);
    }
}
