package io.meridian.store;

import static io.meridian.store.StoreAccess.executionOf;
import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.job;
import static io.meridian.store.StoreFixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.store.StoreWrite.PutCheckpoint;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.StoreWrite.PutJob;
import io.meridian.store.query.Checkpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Store#deleteExecutions}: only old terminal executions go, with their jobs and checkpoints. */
public interface RetentionContract extends StoreAccess {

    private void seedExecution(String id, ExecutionStatus status, long updated) {
        write(new PutExecution(executionOf(id, "p", 1, status, at(0), at(updated))),
                new PutJob(job(id + "-job", id, at(0))),
                new PutCheckpoint(new Checkpoint(id, "ckpt", null, null, at(updated))));
    }

    @Test
    default void onlyTerminalExecutionsOlderThanTheCutoffAreDeletedWithTheirJobsAndCheckpoints() {
        seedExecution("old-done", ExecutionStatus.SUCCEEDED, 10);
        seedExecution("old-failed", ExecutionStatus.FAILED, 20);
        seedExecution("old-cancelled", ExecutionStatus.CANCELLED, 30);
        seedExecution("old-running", ExecutionStatus.RUNNING, 10);
        seedExecution("old-paused", ExecutionStatus.PAUSED, 10);
        seedExecution("edge", ExecutionStatus.SUCCEEDED, 100);
        seedExecution("new-done", ExecutionStatus.SUCCEEDED, 200);
        write(new PutJob(queuedJob("standalone", at(0))));

        assertThat(storeUnderTest().deleteExecutions(at(100), 100).executions()).isEqualTo(3);

        for (String gone : List.of("old-done", "old-failed", "old-cancelled")) {
            assertThat(storeUnderTest().execution(gone)).as(gone).isEmpty();
            assertThat(storeUnderTest().executionByRequestId("req-" + gone)).as(gone).isEmpty();
            assertThat(storeUnderTest().job(gone + "-job")).as(gone).isEmpty();
            assertThat(storeUnderTest().jobsOfExecution(gone)).as(gone).isEmpty();
            assertThat(storeUnderTest().checkpoints(gone)).as(gone).isEmpty();
        }
        for (String kept : List.of("old-running", "old-paused", "edge", "new-done")) {
            assertThat(storeUnderTest().execution(kept)).as(kept).isPresent();
            assertThat(storeUnderTest().job(kept + "-job")).as(kept).isPresent();
            assertThat(storeUnderTest().checkpoints(kept)).as(kept).hasSize(1);
        }
        assertThat(storeUnderTest().job("standalone")).isPresent();
    }

    @Test
    default void eachCallDeletesAtMostTheLimitOldestFirst() {
        for (int i = 0; i < 5; i++) {
            seedExecution("done-" + i, ExecutionStatus.SUCCEEDED, 10 + i);
        }
        assertThat(storeUnderTest().deleteExecutions(at(1000), 2).executions()).isEqualTo(2);
        assertThat(storeUnderTest().execution("done-0")).isEmpty();
        assertThat(storeUnderTest().execution("done-1")).isEmpty();
        assertThat(storeUnderTest().execution("done-2")).isPresent();
        assertThat(storeUnderTest().deleteExecutions(at(1000), 2).executions()).isEqualTo(2);
        assertThat(storeUnderTest().deleteExecutions(at(1000), 2).executions()).isEqualTo(1);
        assertThat(storeUnderTest().deleteExecutions(at(1000), 2)).isEqualTo(DeletedExecutions.NONE);
        assertThat(storeUnderTest().executions(10)).isEmpty();
    }

    @Test
    default void theJobsDeletedWithExecutionsAreReportedByState() {
        write(new PutExecution(executionOf("done", "p", 1, ExecutionStatus.SUCCEEDED, at(0), at(10))),
                new PutJob(job("done-a", "done", at(0)).with(StoreFixtures.state(JobStatus.SUCCEEDED, 1, at(5)))),
                new PutJob(job("done-b", "done", at(0)).with(StoreFixtures.state(JobStatus.SUCCEEDED, 1, at(6)))),
                new PutExecution(executionOf("failed", "p", 1, ExecutionStatus.FAILED, at(0), at(20))),
                new PutJob(job("failed-a", "failed", at(0)).with(StoreFixtures.state(JobStatus.FAILED, 3, at(15)))),
                new PutJob(job("failed-b", "failed", at(0)).with(StoreFixtures.state(JobStatus.CANCELLED, 0, at(15)))),
                new PutExecution(executionOf("recent", "p", 1, ExecutionStatus.FAILED, at(0), at(500))),
                new PutJob(job("recent-a", "recent", at(0)).with(StoreFixtures.state(JobStatus.FAILED, 1, at(500)))),
                new PutJob(queuedJob("standalone", JobStatus.FAILED, at(0))));

        assertThat(storeUnderTest().deleteExecutions(at(100), 100)).isEqualTo(new DeletedExecutions(2, Map.of(
                JobStatus.SUCCEEDED, 2L, JobStatus.FAILED, 1L, JobStatus.CANCELLED, 1L)));
        assertThat(storeUnderTest().countJobsByStatus()).containsOnly(Map.entry(JobStatus.FAILED, 2L));
    }
}
