package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.testing.SettableClock;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two idle workers long-poll while their other loop reports their load. A new job must go to one of them while
 * they wait, whichever wakes first: never "you, no, you" until both polls time out.
 */
class LongPollPlacementTest {
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(), EngineSettings.DEFAULT, new SettableClock());

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void aJobGoesToAWaitingWorkerEvenWhenTheLoadInItsPollIsStale() throws Exception {
        TestWorker a = new TestWorker(coordinator.leases(), "a");
        TestWorker b = new TestWorker(coordinator.leases(), "b");
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 6; round++) {
                // Each poll says "1 job running"; the report sent after it says 0, which is the truth.
                CompletableFuture<ExchangeResponse> pollA = CompletableFuture.supplyAsync(() -> longPoll(a), threads);
                awaitWaiting("a");
                a.exchange(List.of(), List.of(), 0);
                CompletableFuture<ExchangeResponse> pollB = CompletableFuture.supplyAsync(() -> longPoll(b), threads);
                awaitWaiting("b");
                b.exchange(List.of(), List.of(), 0);

                coordinator.submit(JobQueueTest.job("t", 5), null);

                List<LeaseGrant> granted = new ArrayList<>(pollA.get().grants());
                granted.addAll(pollB.get().grants());
                assertThat(granted).as("round %d: the job was handed out while both workers waited", round).hasSize(1);
                TestWorker holder = pollA.get().grants().isEmpty() ? b : a;
                holder.succeed(granted.get(0).lease(), null);
            }
        }
    }

    private static ExchangeResponse longPoll(TestWorker w) {
        return w.protocol.exchange(new ExchangeRequest(w.id, w.session.incarnation(), List.of(), List.of(), 1, 1_000, 1,
                w.session.sessionSecret()));
    }

    private void awaitWaiting(String workerId) {
        await().until(() -> coordinator.workers().stream().anyMatch(w -> w.id().equals(workerId) && w.isWaiting()));
    }
}
