package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.queue.QueueStats;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.IllegalJobTransition;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finished counts in queue stats come from the coordinator's memory, not from a count over the store per call:
 * every way a job ends, a retry and every deletion must keep them equal to what the store holds.
 */
class QueueStatsTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final StoreSpy spy = new StoreSpy(store);
    final EngineSettings settings = EngineSettings.DEFAULT.withRetention(Duration.ofDays(7), Duration.ofHours(1));
    Coordinator coordinator = Coordinator.manual(spy.store, settings, clock);
    final TestWorker worker = new TestWorker(coordinator.leases(), "w1");

    @AfterEach
    void close() {
        coordinator.close();
    }

    private static JobSpec job(RetryPolicy retry) {
        var payload = Json.object();
        payload.putObject("config");
        return new JobSpec("t", payload, 5, Requirements.NONE, retry, 60, null, null, -1);
    }

    private String submit() {
        return coordinator.submit(job(RetryPolicy.DEFAULT), null).id();
    }

    private LeaseRef takeOne(TestWorker w) {
        List<LeaseGrant> grants = w.take(1);
        assertThat(grants).hasSize(1);
        return grants.getFirst().lease();
    }

    /** Finished counts as the stats show them, and as the store holds them (counted here, around the coordinator). */
    private void assertFinished(long succeeded, long failed, long cancelled, long dead) {
        QueueStats stats = coordinator.queueStats();
        assertThat(List.of(stats.succeeded(), stats.failed(), stats.cancelled(), stats.dead()))
                .as("succeeded, failed, cancelled, dead in the stats")
                .containsExactly(succeeded, failed, cancelled, dead);
        Map<JobStatus, Long> stored = store.countJobsByStatus();
        assertThat(List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.DEAD).stream()
                .map(s -> stored.getOrDefault(s, 0L)).toList())
                .as("the same in the store").containsExactly(succeeded, failed, cancelled, dead);
    }

    @Test
    void successFailureCancellationAndDrainAreCounted() {
        submit();
        worker.succeed(takeOne(worker), Json.object());
        assertFinished(1, 0, 0, 0);

        submit();
        worker.fail(takeOne(worker), "bad input", true);
        assertFinished(1, 1, 0, 0);

        assertThat(coordinator.cancelJob(submit())).isTrue();
        assertFinished(1, 1, 1, 0);

        String leased = submit();
        assertThat(takeOne(worker).jobId()).isEqualTo(leased);
        assertThat(coordinator.cancelJob(leased)).isTrue();
        assertFinished(1, 1, 2, 0);

        submit();
        submit();
        assertThat(coordinator.drainQueue()).isEqualTo(2);
        assertFinished(1, 1, 4, 0);
        assertThat(coordinator.queueStats().waiting()).isZero();
    }

    @Test
    void aJobDeadLetteredAfterLosingItsWorkersIsCounted() {
        submit();
        for (int i = 1; i <= settings.maxLostAttempts(); i++) {
            takeOne(new TestWorker(coordinator.leases(), "lost-" + i));
            assertFinished(0, 0, 0, 0);
            clock.advance(settings.leaseTtl().plusSeconds(1));
            coordinator.tick();
        }
        assertFinished(0, 0, 0, 1);
    }

    @Test
    void anAttemptTimingOutWithNoRetriesLeftIsCountedAsFailed() {
        coordinator.submit(job(RetryPolicy.NONE), null);
        LeaseRef lease = takeOne(worker);
        for (int i = 0; i < 7; i++) { // 63 s: past the 60 s timeout plus the 2 s grace
            clock.advance(Duration.ofSeconds(9));
            worker.renew(lease);
            coordinator.tick();
        }
        assertFinished(0, 1, 0, 0);
    }

    @Test
    void jobsEndedWithTheirExecutionAreCounted() {
        var pipeline = OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST,
                OrchestratorTest.stage("a", Json.object()), OrchestratorTest.stage("b", Json.object()));

        ExecutionRecord cancelled = coordinator.startExecution(pipeline, Json.object(), null);
        takeOne(worker); // one job leased, the other waiting: the cancel ends both
        coordinator.cancelExecution(cancelled.id());
        assertFinished(0, 0, 2, 0);

        coordinator.startExecution(pipeline, Json.object(), null);
        List<LeaseGrant> both = worker.take(2);
        assertThat(both).hasSize(2);
        worker.fail(both.getFirst().lease(), "boom", false); // no retries: the stage fails, fail-fast cancels the other
        assertFinished(0, 1, 3, 0);
    }

    @Test
    void aRetriedJobLeavesTheFinishedCountsAndIsCountedAgainWhenItEnds() {
        String id = submit();
        worker.fail(takeOne(worker), "bad input", true);
        assertFinished(0, 1, 0, 0);

        assertThat(coordinator.retryJob(id)).isPresent();
        assertFinished(0, 0, 0, 0);
        assertThat(coordinator.queueStats().waiting()).isEqualTo(1);
        assertThat(coordinator.retryJob(id)).as("already live").isEmpty();
        assertFinished(0, 0, 0, 0);

        worker.succeed(takeOne(worker), Json.object());
        assertFinished(1, 0, 0, 0);
        assertThatThrownBy(() -> coordinator.retryJob(id)).as("a success is not retried")
                .isInstanceOf(IllegalJobTransition.class);
        assertFinished(1, 0, 0, 0);
    }

    @Test
    void cleaningSubtractsExactlyWhatItDeleted() {
        submit();
        worker.fail(takeOne(worker), "bad input", true);
        for (int i = 0; i < 3; i++) {
            coordinator.cancelJob(submit());
        }
        assertFinished(0, 1, 3, 0);
        clock.advance(Duration.ofHours(2));
        coordinator.cancelJob(submit());
        submit();
        assertFinished(0, 1, 4, 0);

        assertThat(coordinator.cleanQueue(Set.of(JobStatus.CANCELLED, JobStatus.WAITING), Duration.ofHours(1)))
                .isEqualTo(3);
        assertFinished(0, 1, 1, 0);
        assertThat(coordinator.queueStats().waiting()).isEqualTo(1);

        clock.advance(Duration.ofHours(2));
        assertThat(coordinator.cleanQueue(Set.of(JobStatus.values()), Duration.ofHours(1))).isEqualTo(2);
        assertFinished(0, 0, 0, 0);
        assertThat(coordinator.queueStats().waiting()).isEqualTo(1);
    }

    @Test
    void retentionSubtractsTheJobsDeletedWithTheirExecutions() {
        var pipeline = OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST,
                OrchestratorTest.stage("only", Json.object()));
        coordinator.startExecution(pipeline, Json.object(), null);
        worker.succeed(takeOne(worker), Json.object());
        coordinator.cancelExecution(coordinator.startExecution(pipeline, Json.object(), null).id());
        submit();
        worker.succeed(takeOne(worker), Json.object()); // a queued job: retention leaves it alone
        assertFinished(2, 0, 1, 0);

        clock.advance(Duration.ofDays(8));
        coordinator.tick();

        assertThat(coordinator.executionsDeletedByRetention()).isEqualTo(2);
        assertFinished(1, 0, 0, 0);
    }

    @Test
    void aRestartedCoordinatorStartsFromTheCountsInTheStore() {
        submit();
        worker.succeed(takeOne(worker), Json.object());
        submit();
        worker.fail(takeOne(worker), "bad input", true);
        coordinator.cancelJob(submit());
        submit(); // still waiting at the restart
        assertFinished(1, 1, 1, 0);
        coordinator.close();

        coordinator = Coordinator.manual(spy.store, settings, clock);
        coordinator.recoverAll();
        coordinator.awaitQueueLoaded();

        assertFinished(1, 1, 1, 0);
        assertThat(coordinator.queueStats().waiting()).isEqualTo(1);
        assertThat(coordinator.queueStats().loading()).isFalse();
        assertThat(spy.calls("countJobsByStatus")).as("counted by the queue reload, not by a scan of the table")
                .isZero();
    }

    @Test
    void statsAskTheStoreNothing() {
        submit();
        worker.succeed(takeOne(worker), Json.object());
        coordinator.cancelJob(submit());
        long before = spy.allCalls();

        for (int i = 0; i < 100; i++) {
            assertThat(coordinator.queueStats().succeeded()).isEqualTo(1);
        }

        assertThat(spy.allCalls()).isEqualTo(before);
        assertThat(spy.calls("countJobsByStatus")).as("never: a new leader's queue reload counts them").isZero();
    }

    /**
     * A clean that deleted the row of a job a retry has just put back, before the retry's commit writes the row
     * again, would subtract the job a second time. So a clean waits for a retry in flight, and the job counts once.
     */
    @Test
    void aCleanWaitsForARetryInFlight() {
        String id = coordinator.submit(job(RetryPolicy.NONE), null).id();
        worker.fail(takeOne(worker), "bad input", true);
        clock.advance(Duration.ofSeconds(1)); // the failure is older than now; the retried job's row will not be
        AtomicLong cleaned = new AtomicLong(-1);
        spy.beforeNext("commit", () -> { // the retry's commit, not yet in the store: clean now
            Thread cleaner = Thread.ofPlatform().start(() ->
                    cleaned.set(coordinator.cleanQueue(Set.of(JobStatus.FAILED), Duration.ZERO)));
            await().until(() -> cleaned.get() >= 0 || cleaner.getState() == Thread.State.WAITING);
        });

        assertThat(coordinator.retryJob(id)).isPresent();

        await().until(() -> cleaned.get() >= 0);
        assertThat(cleaned.get()).as("the clean came after the retry's commit: no failed job left").isZero();
        assertFinished(0, 0, 0, 0);
        assertThat(coordinator.queueStats().waiting()).isEqualTo(1);
        assertThat(store.job(id).orElseThrow().state().status()).isEqualTo(JobStatus.WAITING);
    }
}
