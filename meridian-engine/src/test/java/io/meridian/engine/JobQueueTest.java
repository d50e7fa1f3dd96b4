package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.IllegalJobTransition;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

class JobQueueTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    static JobSpec job(String type, int priority) {
        var payload = Json.object();
        payload.putObject("config");
        return new JobSpec(type, payload, priority, Requirements.NONE, RetryPolicy.DEFAULT, 60, null, null, -1);
    }

    private List<String> takeAll(TestWorker w, int n) {
        return w.take(n).stream().map(g -> g.lease().jobId()).toList();
    }

    @Test
    void higherPriorityFirstAndFifoWithinAPriority() {
        String low1 = coordinator.submit(job("t", 1), null).id();
        clock.advance(Duration.ofMillis(1));
        String high1 = coordinator.submit(job("t", 9), null).id();
        clock.advance(Duration.ofMillis(1));
        String low2 = coordinator.submit(job("t", 1), null).id();
        clock.advance(Duration.ofMillis(1));
        String high2 = coordinator.submit(job("t", 9), null).id();

        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        assertThat(takeAll(w, 4)).containsExactly(high1, high2, low1, low2);
    }

    @Test
    void ageingLetsAWaitingLowPriorityJobOvertakeNewerHighPriorityWork() {
        String old = coordinator.submit(job("t", 1), null).id();
        clock.advance(EngineSettings.DEFAULT.agingInterval().multipliedBy(9));
        String fresh = coordinator.submit(job("t", 10), null).id();

        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        // After 9 ageing intervals the priority-1 job competes at level 10 and is older: FIFO wins.
        assertThat(takeAll(w, 2)).containsExactly(old, fresh);
    }

    @Test
    void claimPersistsAttemptLeaseAndDeadlineBeforeHandingOut() {
        String id = coordinator.submit(job("t", 5), null).id();
        LeaseGrant g = new TestWorker(coordinator.leases(), "w1").take(1).get(0);

        var stored = store.job(id).orElseThrow().state();
        assertThat(stored.status()).isEqualTo(JobStatus.LEASED);
        assertThat(stored.attempt()).isEqualTo(1).isEqualTo(g.lease().attempt());
        assertThat(stored.workerId()).isEqualTo("w1");
        assertThat(stored.leaseExpiresAt()).isEqualTo(clock.now().plus(EngineSettings.DEFAULT.leaseTtl()));
        assertThat(stored.deadline()).isEqualTo(clock.now().plusSeconds(60));
    }

    @Test
    void aResultFromALapsedLeaseIsRefusedAndChangesNothing() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker zombie = new TestWorker(coordinator.leases(), "zombie");
        LeaseRef first = zombie.take(1).get(0).lease();

        clock.advance(EngineSettings.DEFAULT.leaseTtl().plusSeconds(1));
        coordinator.tick();
        TestWorker healthy = new TestWorker(coordinator.leases(), "healthy");
        LeaseRef second = healthy.take(1).get(0).lease();
        assertThat(second.attempt()).isEqualTo(2);

        assertThat(zombie.succeed(first, IntNode.valueOf(1)).refused()).containsExactly(first);
        assertThat(coordinator.job(id).orElseThrow().state().status()).isEqualTo(JobStatus.LEASED);

        assertThat(healthy.succeed(second, IntNode.valueOf(2)).refused()).isEmpty();
        assertThat(healthy.succeed(second, IntNode.valueOf(3)).refused()).containsExactly(second);
        var done = store.job(id).orElseThrow().state();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.result()).isEqualTo(IntNode.valueOf(2));
        assertThat(done.failures()).isZero();
    }

    @Test
    void theEngineRefusesToMoveASucceededJobBackIntoTheQueueAndCountsTheRefusal() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        LeaseRef lease = w.take(1).get(0).lease();
        w.succeed(lease, IntNode.valueOf(1));
        var before = store.job(id).orElseThrow();
        assertThat(before.state().status()).isEqualTo(JobStatus.SUCCEEDED);

        assertThatThrownBy(() -> coordinator.retryJob(id)).isInstanceOf(IllegalJobTransition.class)
                .hasMessageContaining("job " + id + " cannot move from succeeded to waiting");

        assertThat(coordinator.refusedTransitions()).isEqualTo(1);
        assertThat(store.job(id).orElseThrow()).as("nothing written").isEqualTo(before);
        assertThat(coordinator.queueStats().waiting()).isZero();
        assertThat(w.take(1)).as("nothing to hand out").isEmpty();
    }

    @Test
    void renewedLeasesDoNotExpire() {
        coordinator.submit(job("t", 5), null);
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        LeaseRef lease = w.take(1).get(0).lease();
        for (int i = 0; i < 5; i++) {
            clock.advance(EngineSettings.DEFAULT.leaseTtl().dividedBy(2));
            assertThat(w.renew(lease).revoked()).isEmpty();
            coordinator.tick();
        }
        assertThat(w.succeed(lease, null).refused()).isEmpty();
    }

    @Test
    void failuresAreRetriedWithExponentialBackoffThenFail() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        double[] expectedSeconds = {5, 10, 20};
        for (double expected : expectedSeconds) {
            LeaseRef lease = w.take(1).get(0).lease();
            Instant failedAt = clock.now();
            w.fail(lease, "boom", false);
            var state = store.job(id).orElseThrow().state();
            assertThat(state.status()).isEqualTo(JobStatus.DELAYED);
            long waitMs = Duration.between(failedAt, state.notBefore()).toMillis();
            assertThat(waitMs).isBetween((long) (expected * 900), (long) (expected * 1100));
            assertThat(w.take(1)).as("not claimable before its backoff").isEmpty();
            clock.advance(Duration.between(clock.now(), state.notBefore()));
        }
        w.fail(w.take(1).get(0).lease(), "still broken", false);
        var last = store.job(id).orElseThrow().state();
        assertThat(last.status()).isEqualTo(JobStatus.FAILED);
        assertThat(last.failures()).isEqualTo(4);
        assertThat(last.error()).contains("still broken");
    }

    @Test
    void nonRetryableFailuresFailAtOnce() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        w.fail(w.take(1).get(0).lease(), "bad config", true);
        assertThat(store.job(id).orElseThrow().state().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aJobWhoseWorkersKeepDyingIsDeadLetteredWithTheReason() {
        String id = coordinator.submit(job("t", 5), null).id();
        for (int i = 1; i <= EngineSettings.DEFAULT.maxLostAttempts(); i++) {
            assertThat(new TestWorker(coordinator.leases(), "w" + i).take(1)).hasSize(1);
            clock.advance(EngineSettings.DEFAULT.leaseTtl().plusSeconds(1));
            coordinator.tick();
        }
        var state = store.job(id).orElseThrow().state();
        assertThat(state.status()).isEqualTo(JobStatus.DEAD);
        assertThat(state.error()).contains("lost 5 times");
        assertThat(state.failures()).as("lost deliveries do not spend retries").isZero();
        assertThat(new TestWorker(coordinator.leases(), "later").take(1)).isEmpty();
    }

    @Test
    void aWorkerRestartingUnderTheSameIdRegistersOnceItsPredecessorFellSilentAndGetsItsJobsAgain() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker before = new TestWorker(coordinator.leases(), "w1");
        LeaseRef old = before.take(1).get(0).lease();

        // Without the predecessor's session secret the id is not free while the predecessor looks alive ...
        assertThatThrownBy(() -> new TestWorker(coordinator.leases(), "w1"))
                .isInstanceOf(io.meridian.protocol.lease.WorkerIdInUse.class);
        // ... and is once it has missed its heartbeats (its jobs are requeued then).
        clock.advance(EngineSettings.DEFAULT.heartbeatTimeout().plusSeconds(1));
        coordinator.tick();
        TestWorker after = new TestWorker(coordinator.leases(), "w1");
        LeaseRef fresh = after.take(1).get(0).lease();
        assertThat(fresh.jobId()).isEqualTo(id);
        assertThat(fresh.attempt()).isEqualTo(2);
        assertThat(before.succeed(old, null).refused()).containsExactly(old);
    }

    @Test
    void attemptsPastTheirDeadlineTimeOutAndSpendARetry() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        LeaseRef lease = w.take(1).get(0).lease();
        for (int i = 0; i < 7; i++) { // 63 s: past the 60 s timeout plus the 2 s grace
            clock.advance(Duration.ofSeconds(9));
            w.renew(lease);
            coordinator.tick();
        }
        var state = store.job(id).orElseThrow().state();
        assertThat(state.status()).isEqualTo(JobStatus.DELAYED);
        assertThat(state.failures()).isEqualTo(1);
        assertThat(state.error()).contains("timeout");
    }

    @Test
    void delayedJobsWaitForTheirTime() {
        coordinator.submit(job("t", 5), clock.now().plusSeconds(30));
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        assertThat(w.take(1)).isEmpty();
        assertThat(coordinator.queueStats().delayed()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(w.take(1)).hasSize(1);
    }

    @Test
    void workersOnlyGetJobsWhoseRequirementsTheyMeet() {
        var gpuJob = new JobSpec("train", Json.object(), 5, new Requirements(List.of("gpu"), 0, 0, 0),
                RetryPolicy.DEFAULT, 60, null, null, -1);
        String id = coordinator.submit(gpuJob, null).id();
        assertThat(new TestWorker(coordinator.leases(), "cpu-only").take(5)).isEmpty();
        assertThat(new TestWorker(coordinator.leases(), "gpu-box", List.of("cpu", "gpu")).take(5))
                .extracting(g -> g.lease().jobId()).containsExactly(id);
    }

    @Test
    void rateLimitedTypesAreHandedOutNoFasterThanTheirLimit() {
        coordinator.close();
        coordinator = Coordinator.manual(store, EngineSettings.DEFAULT.withRateLimits(Map.of("api", 3.0)), clock);
        for (int i = 0; i < 10; i++) {
            coordinator.submit(job("api", 5), null);
            coordinator.submit(job("free", 5), null);
        }
        var grants = new TestWorker(coordinator.leases(), "w1").take(20);
        assertThat(grants.stream().filter(g -> g.type().equals("api"))).hasSize(3);
        assertThat(grants.stream().filter(g -> g.type().equals("free"))).hasSize(10);
    }

    @Test
    void pauseCancelRetryDrainAndStats() {
        String a = coordinator.submit(job("t", 5), null).id();
        String b = coordinator.submit(job("t", 7), null).id();
        coordinator.submit(job("t", 7), clock.now().plusSeconds(60));
        TestWorker w = new TestWorker(coordinator.leases(), "w1");

        coordinator.pauseQueue(null);
        assertThat(w.take(5)).isEmpty();
        assertThat(coordinator.queueStats().paused()).isEqualTo(2);
        coordinator.resumeQueue(null);

        assertThat(coordinator.cancelJob(a)).isTrue();
        assertThat(store.job(a).orElseThrow().state().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(coordinator.retryJob(a)).isPresent();
        var stats = coordinator.queueStats();
        assertThat(stats.waiting()).isEqualTo(2);
        assertThat(stats.delayed()).isEqualTo(1);
        assertThat(stats.waitingByPriority()).containsEntry(5, 1L).containsEntry(7, 1L);

        assertThat(coordinator.drainQueue()).isEqualTo(3);
        assertThat(w.take(5)).isEmpty();
        assertThat(coordinator.queueStats().cancelled()).isEqualTo(3);
        clock.advance(Duration.ofHours(2));
        assertThat(coordinator.cleanQueue(java.util.Set.of(JobStatus.CANCELLED), Duration.ofHours(1))).isEqualTo(3);
        assertThat(store.job(b)).isEmpty();
    }

    @Test
    void aWorkerSilentForThreeHeartbeatsIsUnhealthyAndItsJobsGoElsewhereWithoutSpendingRetries() {
        String id = coordinator.submit(job("t", 5), null).id();
        TestWorker silent = new TestWorker(coordinator.leases(), "silent");
        LeaseRef lease = silent.take(1).get(0).lease();
        clock.advance(Duration.ofMillis(3100));
        coordinator.tick();
        var state = store.job(id).orElseThrow().state();
        assertThat(state.status()).isEqualTo(JobStatus.WAITING);
        assertThat(state.failures()).isZero();
        assertThat(coordinator.workers()).singleElement().extracting(w -> w.status())
                .isEqualTo(io.meridian.engine.registry.WorkerStatus.UNHEALTHY);
        LeaseRef moved = new TestWorker(coordinator.leases(), "healthy").take(1).get(0).lease();
        assertThat(moved.attempt()).isEqualTo(2);
        assertThat(silent.succeed(lease, null).refused()).containsExactly(lease);
    }

    @Test
    void theSameProcessRegisteringAgainAfterACoordinatorRestartKeepsItsCurrentLeases() {
        coordinator.submit(job("t", 5), null);
        TestWorker w = new TestWorker(coordinator.leases(), "w1");
        LeaseRef lease = w.take(1).get(0).lease();
        // The worker process re-registers with its incarnation and secret (as when it was told to): no requeue.
        w.protocol.register(w.registration, w.session.sessionSecret());
        assertThat(w.succeed(lease, null).refused()).isEmpty();
    }

    @Test
    void aJobWhoseWorkerWasLostGoesBackToTheFrontOfItsLane() {
        String first = coordinator.submit(job("t", 5), null).id();
        TestWorker lost = new TestWorker(coordinator.leases(), "lost");
        assertThat(lost.take(1)).extracting(g -> g.lease().jobId()).containsExactly(first);
        for (int i = 0; i < 5; i++) {
            coordinator.submit(job("t", 5), null);
        }
        coordinator.leases().deregister("lost", lost.session.sessionSecret());
        assertThat(new TestWorker(coordinator.leases(), "next").take(1)).extracting(g -> g.lease().jobId())
                .containsExactly(first);
    }

    @Test
    void jobsNoWorkerCanRunAreReportedUnschedulableWithTheReason() {
        var gpuJob = new JobSpec("train", Json.object(), 5, new Requirements(List.of("gpu"), 0, 0, 0),
                RetryPolicy.DEFAULT, 60, null, null, -1);
        coordinator.submit(gpuJob, null);
        coordinator.submit(job("t", 5), null);
        assertThat(coordinator.unschedulable()).hasSize(2).extracting(u -> u.reason())
                .containsOnly("no healthy worker is registered");
        new TestWorker(coordinator.leases(), "cpu-only");
        var u = coordinator.unschedulable();
        assertThat(u).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo("train");
            assertThat(x.jobs()).isEqualTo(1);
            assertThat(x.reason()).contains("capability 'gpu'");
        });
        new TestWorker(coordinator.leases(), "gpu-box", List.of("cpu", "gpu"));
        assertThat(coordinator.unschedulable()).isEmpty();
    }

    @Test
    void whenSeveralWorkersWaitPlacementChoosesTheLeastLoaded() throws Exception {
        TestWorker busy = new TestWorker(coordinator.leases(), "busy");
        TestWorker idle = new TestWorker(coordinator.leases(), "idle");
        var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        // Both long-poll; "busy" reports 8 of its 10 slots in use.
        var busyPoll = pool.submit(() -> busy.protocol.exchange(new io.meridian.protocol.lease.ExchangeRequest(
                "busy", busy.session.incarnation(), List.of(), List.of(), 1, 1500, 8, busy.session.sessionSecret())));
        var idlePoll = pool.submit(() -> idle.protocol.exchange(new io.meridian.protocol.lease.ExchangeRequest(
                "idle", idle.session.incarnation(), List.of(), List.of(), 1, 1500, 0, idle.session.sessionSecret())));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> coordinator.workers().stream()
                .filter(w -> w.isWaiting()).count() == 2);
        String id = coordinator.submit(job("t", 5), null).id();
        assertThat(idlePoll.get(5, java.util.concurrent.TimeUnit.SECONDS).grants())
                .extracting(g -> g.lease().jobId()).containsExactly(id);
        assertThat(busyPoll.get(10, java.util.concurrent.TimeUnit.SECONDS).grants()).isEmpty();
        pool.close();
    }

    @Test
    void aWorkerThatKeepsLosingJobsIsGivenNoneUntilItsBreakerCoolsDown() {
        for (int i = 0; i < 4; i++) {
            coordinator.submit(job("t", 5), null);
        }
        for (int crash = 0; crash < 3; crash++) {
            // The same worker id comes back as a new incarnation each time, having lost what it held (its
            // predecessor found silent first: a live id is not taken over without its secret).
            assertThat(new TestWorker(coordinator.leases(), "crashy").take(1)).hasSize(1);
            clock.advance(EngineSettings.DEFAULT.heartbeatTimeout().plusSeconds(1));
            coordinator.tick();
        }
        TestWorker again = new TestWorker(coordinator.leases(), "crashy");
        assertThat(coordinator.breakerState("crashy")).isEqualTo("open");
        assertThat(again.take(4)).isEmpty();
        assertThat(new TestWorker(coordinator.leases(), "steady").take(4)).hasSize(4);
        clock.advance(Duration.ofSeconds(31));
        coordinator.submit(job("t", 5), null);
        var trial = again.take(4);
        assertThat(trial).as("one trial job when half-open").hasSize(1);
        again.succeed(trial.get(0).lease(), null);
        assertThat(coordinator.breakerState("crashy")).isEqualTo("closed");
    }
}
