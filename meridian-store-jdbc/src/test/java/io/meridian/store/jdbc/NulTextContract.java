package io.meridian.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import io.meridian.store.StoreAccess;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import io.meridian.store.query.Checkpoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Text with NUL in it. PostgreSQL text cannot hold NUL, and one row holding it would fail the whole commit batch
 * with every other client's writes in it; other databases keep it but tools cut strings at it. So every SQL store
 * writes U+FFFD instead, in every text column, ids included (the API refuses NUL ids before; this is the store's
 * own guarantee), and all of them read back the same.
 */
public interface NulTextContract extends StoreAccess {

    Instant T = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    default void nulInEveryTextColumnIsStoredAsAReplacementCharacterAndTheRestOfTheBatchCommits() {
        JobRecord poisoned = StoreFixtures.job("poison", null, T);
        JobSpec spec = poisoned.spec();
        poisoned = new JobRecord("poison", new JobSpec("ty\u0000pe", spec.payload(), spec.priority(), spec.requires(),
                spec.retry(), spec.timeoutSeconds(), null, "st\u0000age", spec.itemIndex()), new JobState(
                JobStatus.FAILED, 1, 1, 0, null, "wor\u0000ker", null, null, Json.parse("{\"k\":\"a\\u0000b\"}"),
                "err\u0000or", T), T);
        JobRecord bystander = StoreFixtures.job("bystander", null, T);
        var execution = StoreFixtures.execution("x-1", "req\u0000id", T);
        write(new StoreWrite.PutJob(poisoned), new StoreWrite.PutJob(bystander),
                new StoreWrite.PutExecution(execution));
        write(new StoreWrite.PutCheckpoint(new Checkpoint("x-1", "cp\u0000", "st\u0000", null, T)),
                new StoreWrite.PutExecutionStatus("x-1", execution.status(), "bro\u0000ken", T));

        var store = storeUnderTest();
        assertThat(store.job("bystander")).isPresent();
        JobRecord stored = store.job("poison").orElseThrow();
        assertThat(stored.spec().type()).isEqualTo("ty\uFFFDpe");
        assertThat(stored.spec().stageId()).isEqualTo("st\uFFFDage");
        assertThat(stored.state().workerId()).isEqualTo("wor\uFFFDker");
        assertThat(stored.state().error()).isEqualTo("err\uFFFDor");
        assertThat(stored.state().result().path("k").asString()).as("JSON keeps NUL escaped").isEqualTo("a\u0000b");
        assertThat(store.execution("x-1").orElseThrow().requestId()).isEqualTo("req\uFFFDid");
        assertThat(store.execution("x-1").orElseThrow().error()).isEqualTo("bro\uFFFDken");
        assertThat(store.checkpoints("x-1")).extracting(Checkpoint::checkpointId).containsExactly("cp\uFFFD");

        // a state change of a stored job takes the same care
        write(new StoreWrite.PutJob(stored.with(new JobState(JobStatus.LEASED, 2, 1, 0, null, "again\u0000",
                T.plusSeconds(5), null, null, null, T))), new StoreWrite.PutJob(bystander.with(
                new JobState(JobStatus.RUNNING, 1, 0, 0, null, "w", null, null, null, null, T))));
        assertThat(store.job("poison").orElseThrow().state().workerId()).isEqualTo("again\uFFFD");
        assertThat(store.job("bystander").orElseThrow().state().status()).isEqualTo(JobStatus.RUNNING);
    }
}
