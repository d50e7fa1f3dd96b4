package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.tasks.PurgeOldExecutionsTask;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetentionTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store,
            EngineSettings.DEFAULT.withRetention(Duration.ofDays(7), Duration.ofHours(1)), clock);
    final TestWorker worker = new TestWorker(coordinator.leases(), "w1");

    @AfterEach
    void close() {
        coordinator.close();
    }

    private ExecutionRecord start() {
        return coordinator.startExecution(OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST,
                OrchestratorTest.stage("only", Json.object())), Json.object(), null);
    }

    private ExecutionRecord startAndFinish() {
        ExecutionRecord x = start();
        var grant = worker.take(1).getFirst();
        assertThat(grant.executionId()).isEqualTo(x.id());
        worker.succeed(grant.lease(), Json.object());
        assertThat(coordinator.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return x;
    }

    @Test
    void finishedExecutionsPastRetentionGoWithTheirJobsAndCheckpointsAndNothingElseDoes() {
        ExecutionRecord oldDone = startAndFinish();
        coordinator.checkpoints().link(oldDone.id(), "c1", null, null);
        ExecutionRecord oldCancelled = start();
        coordinator.cancelExecution(oldCancelled.id());
        ExecutionRecord oldRunning = start();
        assertThat(worker.take(1)).hasSize(1); // leased and never reported: it stays unfinished
        clock.advance(Duration.ofDays(6));
        ExecutionRecord recentDone = startAndFinish();
        clock.advance(Duration.ofDays(1).plusMillis(1));

        coordinator.tick();

        assertThat(coordinator.execution(oldDone.id())).isEmpty();
        assertThat(store.jobsOfExecution(oldDone.id())).isEmpty();
        assertThat(store.checkpoints(oldDone.id())).isEmpty();
        assertThat(coordinator.execution(oldCancelled.id())).isEmpty();
        assertThat(coordinator.execution(oldRunning.id())).isPresent();
        assertThat(store.jobsOfExecution(oldRunning.id())).hasSize(1);
        assertThat(coordinator.execution(recentDone.id())).isPresent();
        assertThat(coordinator.executionsDeletedByRetention()).isEqualTo(2);
    }

    @Test
    void aFullBatchIsFollowedAtOnceByTheNextOne() {
        for (int i = 0; i < PurgeOldExecutionsTask.BATCH + 1; i++) {
            coordinator.cancelExecution(start().id());
        }
        clock.advance(Duration.ofDays(8));
        coordinator.tick();
        assertThat(coordinator.executionsDeletedByRetention()).isEqualTo(PurgeOldExecutionsTask.BATCH);
        coordinator.tick();
        assertThat(coordinator.executionsDeletedByRetention()).isEqualTo(PurgeOldExecutionsTask.BATCH + 1);
    }

    @Test
    void otherwiseRetentionWaitsForItsInterval() {
        try (Coordinator hourly = Coordinator.manual(new InMemoryStore(),
                EngineSettings.DEFAULT.withRetention(Duration.ofHours(1), Duration.ofDays(1)), clock)) {
            ExecutionRecord x = hourly.startExecution(OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST,
                    OrchestratorTest.stage("only", Json.object())), Json.object(), null);
            hourly.cancelExecution(x.id());
            hourly.tick(); // due at start, nothing old yet: the next check is a day away
            clock.advance(Duration.ofHours(2));
            hourly.tick();
            assertThat(hourly.execution(x.id())).isPresent();
            clock.advance(Duration.ofHours(22));
            hourly.tick();
            assertThat(hourly.execution(x.id())).isEmpty();
            assertThat(hourly.executionsDeletedByRetention()).isEqualTo(1);
        }
    }
}
