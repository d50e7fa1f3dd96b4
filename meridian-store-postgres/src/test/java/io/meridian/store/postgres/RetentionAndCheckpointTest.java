package io.meridian.store.postgres;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.job;
import static io.meridian.store.postgres.Records.execution;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.store.DeletedExecutions;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.JobState;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import io.meridian.store.StoreWrite.PutCheckpoint;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.StoreWrite.PutJob;
import io.meridian.store.query.Checkpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoints, retention of old executions, and text PostgreSQL cannot hold. */
class RetentionAndCheckpointTest extends FreshSchema {

    @Test
    void checkpointsComeBackOldestFirstAndARepeatedIdReplacesTheCheckpoint() {
        Checkpoint first = new Checkpoint("e", "cp-1", "train", Json.parse("{\"step\":100}"), at(10));
        Checkpoint second = new Checkpoint("e", "cp-2", null, null, at(20));
        Checkpoint elsewhere = new Checkpoint("f", "cp-1", null, null, at(0));
        store.commit(List.of(new PutCheckpoint(second), new PutCheckpoint(first), new PutCheckpoint(elsewhere)));
        Checkpoint replaced = new Checkpoint("e", "cp-1", "train", Json.parse("{\"step\":200}"), at(30));
        store.commit(List.of(new PutCheckpoint(replaced)));

        assertThat(store.checkpoints("e")).containsExactly(second, replaced);
        assertThat(store.checkpoints("f")).containsExactly(elsewhere);
        assertThat(store.checkpoints("none")).isEmpty();
    }

    @Test
    void retentionDeletesOnlyOldFinishedExecutionsWithTheirJobsAndCheckpoints() {
        store.commit(List.of(
                put(execution("old-done", StoreFixtures.pipeline(), ExecutionStatus.SUCCEEDED, at(0), at(5))),
                put(execution("old-failed", StoreFixtures.pipeline(), ExecutionStatus.FAILED, at(0), at(6))),
                put(execution("old-running", StoreFixtures.pipeline(), ExecutionStatus.RUNNING, at(0), at(5))),
                put(execution("recent-done", StoreFixtures.pipeline(), ExecutionStatus.CANCELLED, at(0), at(100))),
                new PutJob(job("j-old", "old-done", at(1))), new PutJob(job("j-running", "old-running", at(1))),
                new PutJob(job("j-queue", null, at(1))),
                new PutCheckpoint(new Checkpoint("old-done", "cp", null, null, at(2))),
                new PutCheckpoint(new Checkpoint("recent-done", "cp", null, null, at(2)))));

        DeletedExecutions deleted = store.deleteExecutions(at(50), 100);

        assertThat(deleted).isEqualTo(new DeletedExecutions(2, Map.of(JobStatus.WAITING, 1L)));
        assertThat(store.executions(10)).extracting(ExecutionRecord::id)
                .containsExactlyInAnyOrder("old-running", "recent-done");
        assertThat(store.job("j-old")).isEmpty();
        assertThat(store.job("j-running")).isPresent();
        assertThat(store.job("j-queue")).isPresent();
        assertThat(store.checkpoints("old-done")).isEmpty();
        assertThat(store.checkpoints("recent-done")).hasSize(1);
    }

    @Test
    void retentionDeletesAtMostTheLimitOldestUpdateFirst() {
        for (int i = 0; i < 5; i++) {
            store.commit(List.of(put(execution("done-" + i, StoreFixtures.pipeline(), ExecutionStatus.SUCCEEDED,
                    at(0), at(10 - i)))));
        }
        assertThat(store.deleteExecutions(at(100), 2).executions()).isEqualTo(2);
        assertThat(store.executions(10)).extracting(ExecutionRecord::id)
                .containsExactlyInAnyOrder("done-0", "done-1", "done-2");
        assertThat(store.deleteExecutions(at(100), 10).executions()).isEqualTo(3);
        assertThat(store.deleteExecutions(at(100), 10)).isEqualTo(DeletedExecutions.NONE);
    }

    @Test
    void aNulCharacterInAnErrorMessageIsStoredAsAReplacementCharacter() {
        JobRecord j = job("j", null, at(0));
        JobState failed = new JobState(JobStatus.FAILED, 1, 1, 0, null, null, null, null,
                Json.parse("{\"raw\":\"a\\u0000b\"}"), "bad\u0000byte", at(1));
        store.commit(List.of(new PutJob(j.with(failed))));

        JobRecord stored = store.job("j").orElseThrow();
        assertThat(stored.state().error()).isEqualTo("bad\uFFFDbyte");
        assertThat(stored.state().result()).isEqualTo(Json.parse("{\"raw\":\"a\\u0000b\"}"));
    }

    private static StoreWrite put(ExecutionRecord e) {
        return new PutExecution(e);
    }
}
