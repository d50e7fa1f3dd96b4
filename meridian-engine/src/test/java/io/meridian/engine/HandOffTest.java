package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.JobStatus;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.JobRecord;
import io.meridian.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job submitted while workers wait in a long poll is leased to one of them by the submitting operation itself,
 * so the job and its lease are made durable by a single commit (one disk flush on the path from submit to start,
 * not two in a row), and the lease is in the store before the worker hears of it.
 */
class HandOffTest {
    final InMemoryStore store = new InMemoryStore();
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void aJobSubmittedWhileAWorkerWaitsIsLeasedInTheSubmissionsCommit() throws Exception {
        TestWorker a = new TestWorker(coordinator.leases(), "a");
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ExchangeResponse> poll = CompletableFuture.supplyAsync(() -> longPoll(a), threads);
            awaitWaiting("a");
            long commitsBefore = coordinator.committer().batchesCommitted();

            JobRecord job = coordinator.submit(JobQueueTest.job("t", 5), null);

            List<LeaseGrant> grants = poll.get(5, TimeUnit.SECONDS).grants();
            assertThat(grants).extracting(g -> g.lease().jobId()).containsExactly(job.id());
            assertThat(coordinator.committer().batchesCommitted() - commitsBefore)
                    .as("the submission and its lease share one commit").isEqualTo(1);
            JobRecord stored = store.job(job.id()).orElseThrow();
            assertThat(stored.state().status()).isEqualTo(JobStatus.LEASED);
            assertThat(stored.state().workerId()).isEqualTo("a");
        }
    }

    @Test
    void jobsSubmittedTogetherAreSharedAmongWaitingWorkersInOneCommit() throws Exception {
        TestWorker a = new TestWorker(coordinator.leases(), "a");
        TestWorker b = new TestWorker(coordinator.leases(), "b");
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ExchangeResponse> pollA = CompletableFuture.supplyAsync(() -> longPoll(a), threads);
            CompletableFuture<ExchangeResponse> pollB = CompletableFuture.supplyAsync(() -> longPoll(b), threads);
            awaitWaiting("a");
            awaitWaiting("b");
            long commitsBefore = coordinator.committer().batchesCommitted();

            coordinator.submitAll(List.of(JobQueueTest.job("t", 5), JobQueueTest.job("t", 5)));

            List<LeaseGrant> granted = new ArrayList<>(pollA.get(5, TimeUnit.SECONDS).grants());
            granted.addAll(pollB.get(5, TimeUnit.SECONDS).grants());
            assertThat(pollA.get().grants()).hasSize(1);
            assertThat(pollB.get().grants()).hasSize(1);
            assertThat(granted).extracting(g -> g.lease().jobId()).doesNotHaveDuplicates();
            assertThat(coordinator.committer().batchesCommitted() - commitsBefore).isEqualTo(1);
        }
    }

    @Test
    void aPollThatTimesOutIsGivenNothingAfterItAnswered() throws Exception {
        TestWorker a = new TestWorker(coordinator.leases(), "a");
        ExchangeResponse empty = a.protocol.exchange(
                a.request(List.of(), List.of(), 1, 50));
        assertThat(empty.grants()).isEmpty();

        JobRecord job = coordinator.submit(JobQueueTest.job("t", 5), null);

        assertThat(store.job(job.id()).orElseThrow().state().status()).isEqualTo(JobStatus.WAITING);
    }

    @Test
    void aWorkerFoundSilentIsNotRevivedByItsStillWaitingPoll() throws Exception {
        // A killed worker's poll stays open on the server until it times out; submissions meanwhile must neither
        // count as a sign of life nor lease jobs to it.
        TestWorker dead = new TestWorker(coordinator.leases(), "dead");
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ExchangeResponse> poll = CompletableFuture.supplyAsync(() -> longPoll(dead, 1_500), threads);
            awaitWaiting("dead");
            clock.advance(EngineSettings.DEFAULT.heartbeatTimeout().plusSeconds(1));
            coordinator.tick();
            assertThat(coordinator.workers()).filteredOn(w -> w.id().equals("dead"))
                    .allMatch(w -> w.status() == io.meridian.engine.registry.WorkerStatus.UNHEALTHY);

            JobRecord job = coordinator.submit(JobQueueTest.job("t", 5), null);

            assertThat(poll.get(5, TimeUnit.SECONDS).grants()).as("nothing leased to the silent worker").isEmpty();
            assertThat(store.job(job.id()).orElseThrow().state().status()).isEqualTo(JobStatus.WAITING);
            assertThat(coordinator.workers()).filteredOn(w -> w.id().equals("dead"))
                    .allMatch(w -> w.status() == io.meridian.engine.registry.WorkerStatus.UNHEALTHY);
        }
    }

    private static ExchangeResponse longPoll(TestWorker w) {
        return longPoll(w, 5_000);
    }

    private static ExchangeResponse longPoll(TestWorker w, long waitMillis) {
        return w.protocol.exchange(w.request(List.of(), List.of(), 1, waitMillis));
    }

    private void awaitWaiting(String workerId) {
        await().until(() -> coordinator.workers().stream().anyMatch(w -> w.id().equals(workerId) && w.isWaiting()));
    }
}
