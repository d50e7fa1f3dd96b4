package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.queue.WaitingDemand;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitingDemandTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    static JobSpec needing(String... caps) {
        return new JobSpec("t", Json.object(), 5, new Requirements(List.of(caps), 0, 0, 0), RetryPolicy.DEFAULT, 60,
                null, null, -1);
    }

    @Test
    void groupsWaitingJobsByRequirementsWithTheOldestReadyTime() {
        Instant first = clock.now();
        coordinator.submit(needing("burst"), null);
        clock.advance(Duration.ofSeconds(5));
        coordinator.submit(needing("burst"), null);
        coordinator.submit(needing(), null);
        coordinator.submit(needing("burst"), clock.now().plusSeconds(60)); // delayed: not waiting yet
        List<WaitingDemand> demand = coordinator.waitingDemand();
        assertThat(demand).hasSize(2);
        WaitingDemand burst = demand.stream().filter(d -> d.requires().capabilities().contains("burst")).findFirst()
                .orElseThrow();
        assertThat(burst.jobs()).isEqualTo(2);
        assertThat(burst.oldestReadySince()).isEqualTo(first);
    }

    @Test
    void leasedJobsAreNotWaiting() {
        coordinator.submit(needing(), null);
        assertThat(new TestWorker(coordinator.leases(), "w").take(1)).hasSize(1);
        assertThat(coordinator.waitingDemand()).isEmpty();
    }
}
