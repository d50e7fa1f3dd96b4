package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The leader keeps no payloads of queued jobs in memory: once a submission is durable its payload is only in the
 * store, and it is read back, one batch per grant, when the job is handed out (first attempt, retry, or after a
 * takeover). A job leased in the very commit that inserts it is handed out with the payload still in memory.
 */
class PayloadsStayInTheStoreTest {
    final InMemoryStore memory = new InMemoryStore();
    final StoreSpy spy = new StoreSpy(memory);
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(spy.store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    static JobSpec job(int n, RetryPolicy retry) {
        var payload = Json.object();
        payload.putObject("config").put("n", n);
        return new JobSpec("t", payload, 5, Requirements.NONE, retry, 60, null, null, -1);
    }

    @Test
    void queuedJobsAreHandedOutWithTheirPayloadsReadInOneBatch() {
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            specs.add(job(i, RetryPolicy.NONE));
        }
        List<String> ids = coordinator.submitAll(specs);

        List<LeaseGrant> grants = new TestWorker(coordinator.leases(), "w").take(50);

        assertThat(grants).hasSize(50);
        for (LeaseGrant g : grants) {
            assertThat(g.payload().path("config").path("n").asInt()).isEqualTo(ids.indexOf(g.lease().jobId()));
        }
        assertThat(spy.calls("payloads")).as("one read for the whole batch of grants").isEqualTo(1);
    }

    @Test
    void aLiveJobReadByIdCarriesItsPayload() {
        String id = coordinator.submit(job(7, RetryPolicy.NONE), null).id();

        JobRecord live = coordinator.job(id).orElseThrow();

        assertThat(live.spec().payload().path("config").path("n").asInt()).isEqualTo(7);
    }

    @Test
    void aRetriedAttemptGetsThePayloadAgain() {
        coordinator.submit(job(3, new RetryPolicy(2, 0, 1, 0, 0)), null);
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        LeaseGrant first = w.take(1).getFirst();
        w.fail(first.lease(), "boom", false);
        clock.advance(java.time.Duration.ofSeconds(1));
        coordinator.tick();

        LeaseGrant second = w.take(1).getFirst();

        assertThat(second.lease().attempt()).isEqualTo(2);
        assertThat(second.payload()).isEqualTo(first.payload());
        assertThat(second.payload().path("config").path("n").asInt()).isEqualTo(3);
    }

    @Test
    void aNewLeaderHandsOutReloadedJobsWithTheirPayloads() {
        String id = coordinator.submit(job(11, RetryPolicy.NONE), null).id();
        try (Coordinator next = Coordinator.manual(memory, EngineSettings.DEFAULT, clock)) {
            next.recoverAll();

            List<LeaseGrant> grants = new TestWorker(next.leases(), "w2").take(1);

            assertThat(grants).extracting(g -> g.lease().jobId()).containsExactly(id);
            assertThat(grants.getFirst().payload().path("config").path("n").asInt()).isEqualTo(11);
        }
    }

    @Test
    void aJobLeasedInTheCommitThatInsertsItIsStoredWithItsPayload() throws Exception {
        TestWorker a = new TestWorker(coordinator.leases(), "a");
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ExchangeResponse> poll = CompletableFuture.supplyAsync(
                    () -> a.protocol.exchange(a.request(List.of(), List.of(), 1, 5_000)), threads);
            await().until(() -> coordinator.workers().stream().anyMatch(w -> w.id().equals("a") && w.isWaiting()));

            String id = coordinator.submit(job(5, RetryPolicy.NONE), null).id();

            LeaseGrant grant = poll.get(5, TimeUnit.SECONDS).grants().getFirst();
            assertThat(grant.payload().path("config").path("n").asInt()).isEqualTo(5);
            JsonNode stored = memory.job(id).orElseThrow().spec().payload();
            assertThat(stored).as("the row was first written leased, and still carries the payload")
                    .isEqualTo(grant.payload());
            assertThat(spy.calls("payloads")).as("handed out from memory, not read back").isZero();
        }
    }
}
